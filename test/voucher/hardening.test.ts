/**
 * Holes found by trying the terminal the way pharmacies run it: replay
 * records forgotten early, a family-account code drawn on a frozen phone,
 * an expired stored trust list, and a trust list rolled back through an
 * unreadable file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePinKey, generateSigningKey } from '../../src/sim/issuer/keys.js';
import { makeTrustList } from '../../src/sim/issuer/trust-list.js';
import { SqliteReplayGuard } from '../../src/voucher/replay/sqlite.js';
import { TrustStore } from '../../src/voucher/trust-store.js';
import type { TrustedKey } from '../../src/voucher/types.js';
import { verifyVoucher } from '../../src/voucher/verify.js';
import { FROZEN_SUB, good, makeKit, outcome, T0 } from './helpers.js';

describe('replay record', () => {
  it('keeps a used code for a fixed window, whatever the skew of the handle that recorded it', async () => {
    const kit = await makeKit();
    const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'replay.db');
    const strict = await SqliteReplayGuard.open(file);
    const lenient = await SqliteReplayGuard.open(file);
    try {
      const code = await good(kit.es, { jti: 'jti-shared-aaaaaaaaaaaa' });
      expect(await outcome(verifyVoucher(code, { trust: kit.trust, clock: () => T0 * 1000, replayGuard: strict, skewSec: 10 }))).toBe('accepted');
      // 100 s past exp: the strict handle records another code (and prunes as it goes)…
      const later = (T0 + 160) * 1000;
      const other = await good(kit.es, { jti: 'jti-other-bbbbbbbbbbbb', iat: T0 + 100 });
      expect(await outcome(verifyVoucher(other, { trust: kit.trust, clock: () => later, replayGuard: strict, skewSec: 10 }))).toBe('accepted');
      // … and the lenient handle (skew 300) still sees the first code as used.
      expect(await outcome(verifyVoucher(code, { trust: kit.trust, clock: () => later, replayGuard: lenient, skewSec: 300 }))).toBe('VOUCHER_REPLAYED');
    } finally {
      strict.close();
      lenient.close();
    }
  });

  it('does not forget codes when the recording process’s clock jumps ahead', async () => {
    const kit = await makeKit();
    const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'replay.db');
    const a = await SqliteReplayGuard.open(file);
    const b = await SqliteReplayGuard.open(file);
    try {
      const code = await good(kit.es, { jti: 'jti-jump-cccccccccccc' });
      expect(await outcome(verifyVoucher(code, { trust: kit.trust, clock: () => T0 * 1000, replayGuard: a }))).toBe('accepted');
      // A's clock jumps two hours ahead; a code valid for that clock is recorded through A.
      const jumped = (T0 + 7200) * 1000;
      const fresh = await good(kit.es, { jti: 'jti-jump-dddddddddddd', iat: T0 + 7200 });
      const farTrust = { ...kit.trust, exp: T0 + 40 * 86400 };
      expect(await outcome(verifyVoucher(fresh, { trust: farTrust, clock: () => jumped, replayGuard: a }))).toBe('accepted');
      // B, on time, must still refuse the first code.
      expect(await outcome(verifyVoucher(code, { trust: kit.trust, clock: () => (T0 + 5) * 1000, replayGuard: b }))).toBe('VOUCHER_REPLAYED');
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('family account (亲情账户)', () => {
  it('refuses a code drawn on a frozen guardian’s phone (act.sub on the frozen list)', async () => {
    const kit = await makeKit();
    const code = await good(kit.es, { actSub: FROZEN_SUB });
    expect(await outcome(verifyVoucher(code, { trust: kit.trust, clock: () => T0 * 1000 }))).toBe('VOUCHER_FROZEN');
    const fine = await good(kit.es, { actSub: 'E4201000000000000055' });
    expect(await outcome(verifyVoucher(fine, { trust: kit.trust, clock: () => T0 * 1000 }))).toBe('accepted');
  });
});

describe('TrustStore at open', () => {
  const NOW = 1_767_225_600;
  async function world() {
    const root = await generateSigningKey('ES256', 'root-1');
    const iss = await generateSigningKey('EdDSA', 'iss-1');
    const pin = await generatePinKey('pin-1');
    const list = (seq: number, exp = NOW + 86400) =>
      makeTrustList({ rootKey: root.privateJwk, iss: 'nhsa-root', seq, iat: NOW - 100, exp, keys: [{ ...iss.publicJwk, iss: 'nhsa' } as TrustedKey], frozen: [], pinKey: pin.publicJwk });
    return { root, list, file: join(mkdtempSync(join(tmpdir(), 'trust-')), 'trust.jws'), clock: () => NOW * 1000 };
  }

  it('refreshes an expired stored list at once instead of refusing every voucher until the periodic refresh', async () => {
    const w = await world();
    writeFileSync(w.file, `${await w.list(3, NOW - 10)}\n`);
    const fresh = await w.list(4);
    let fetched = 0;
    const fakeFetch = (async () => {
      fetched++;
      return new Response(fresh, { status: 200 });
    }) as unknown as typeof fetch;
    const s = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, url: 'http://127.0.0.1:9/trust', fetch: fakeFetch });
    expect(fetched).toBe(1);
    expect(s.current().seq).toBe(4);
  });

  it('never rolls back below the highest seq it installed, even when the stored file became unreadable', async () => {
    const w = await world();
    const s = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(1) });
    await s.install(await w.list(5));
    writeFileSync(w.file, 'garbage\n');
    // The shipped initial list is seq 1: older than what this terminal already trusted.
    await expect(TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(1) })).rejects.toMatchObject({ code: 'TRUST_ROLLBACK' });
    const newer = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(6) });
    expect(newer.seq).toBe(6);
  });
});
