import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/error-code.js';
import { manualClock } from '../../src/lib/clock.js';
import { generatePinKey, generateSigningKey } from '../../src/sim/issuer/keys.js';
import { makeTrustList } from '../../src/sim/issuer/trust-list.js';
import { VoucherError } from '../../src/voucher/errors.js';
import { TrustStore } from '../../src/voucher/trust-store.js';
import { verifyTrustList } from '../../src/voucher/trust-list.js';
import type { TrustedKey } from '../../src/voucher/types.js';

const NOW = 1_767_225_600;

async function world() {
  const root = await generateSigningKey('ES256', 'root-1');
  const other = await generateSigningKey('ES256', 'root-1');
  const iss = await generateSigningKey('EdDSA', 'iss-1');
  const pin = await generatePinKey('pin-1');
  const list = (seq: number, exp = NOW + 86400, rootKey = root.privateJwk) =>
    makeTrustList({ rootKey, iss: 'nhsa-root', seq, iat: NOW, exp, keys: [{ ...iss.publicJwk, iss: 'nhsa' } as TrustedKey], frozen: ['F0000001'], pinKey: pin.publicJwk });
  const dir = mkdtempSync(join(tmpdir(), 'ybv-trust-'));
  return { root, other, iss, pin, list, file: join(dir, 'trust.jws'), dir, clock: manualClock(NOW * 1000) };
}

describe('verifyTrustList', () => {
  it('verifies against the root key and returns the claims, public keys only', async () => {
    const w = await world();
    const t = await verifyTrustList(await w.list(3), w.root.publicJwk, { clock: w.clock });
    expect(t).toMatchObject({ iss: 'nhsa-root', seq: 3, frozen: ['F0000001'], revoked: [] });
    expect(t.keys[0]).toMatchObject({ kid: 'iss-1', alg: 'EdDSA', iss: 'nhsa' });
    expect(t.keys[0]).not.toHaveProperty('d');
    expect(t.pinKey).toMatchObject({ kid: 'pin-1', use: 'enc' });
    expect(t.pinKey).not.toHaveProperty('d');
  });
  it('refuses another root, tampering, expiry and malformed lists', async () => {
    const w = await world();
    expect(await codeOf(verifyTrustList(await w.list(1, NOW + 10, w.other.privateJwk), w.root.publicJwk))).toBe('TRUST_BAD_SIGNATURE');
    const good = await w.list(1);
    const [h, p, s] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), frozen: [] })).toString('base64url');
    expect(await codeOf(verifyTrustList(`${h}.${forged}.${s}`, w.root.publicJwk))).toBe('TRUST_BAD_SIGNATURE');
    expect(await codeOf(verifyTrustList(await w.list(1, NOW), w.root.publicJwk, { clock: w.clock }))).toBe('TRUST_EXPIRED');
    expect(await codeOf(verifyTrustList('not a jws', w.root.publicJwk))).toBe('TRUST_MALFORMED');
  });
});

describe('TrustStore', () => {
  it('installs the initial list, persists it atomically, and reloads it verified', async () => {
    const w = await world();
    const s = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(1) });
    expect(s.seq).toBe(1);
    expect(readFileSync(w.file, 'utf8').trim()).toBe(s.jws);
    expect(readdirSync(w.dir).sort()).toEqual(['trust.jws', 'trust.jws.seq']);
    const again = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock });
    expect(again.current().seq).toBe(1);
  });
  it('refuses rollback and equal seq, accepts a newer list', async () => {
    const w = await world();
    const s = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(5) });
    expect(await codeOf(s.install(await w.list(4)))).toBe('TRUST_ROLLBACK');
    expect(await codeOf(s.install(await w.list(5)))).toBe('TRUST_ROLLBACK');
    expect((await s.install(await w.list(6))).seq).toBe(6);
    // An older `initial` never rolls back the stored list.
    const reopened = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(2) });
    expect(reopened.seq).toBe(6);
  });
  it('current() throws TRUST_EXPIRED once the stored list is past exp', async () => {
    const w = await world();
    const s = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(1, NOW + 100) });
    expect(s.current().seq).toBe(1);
    w.clock.set((NOW + 100) * 1000);
    expect(() => s.current()).toThrow(expect.objectContaining({ code: 'TRUST_EXPIRED' }));
    // Reloading an expired stored list works; using it does not.
    const again = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock });
    expect(() => again.current()).toThrow(expect.objectContaining({ code: 'TRUST_EXPIRED' }));
  });
  it('refuses a tampered stored file, and no list at all', async () => {
    const w = await world();
    writeFileSync(w.file, (await w.list(1, NOW + 10, w.other.privateJwk)) + '\n');
    expect(await codeOf(TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock }))).toBe('TRUST_BAD_SIGNATURE');
    expect(await codeOf(TrustStore.open({ rootKey: w.root.publicJwk, file: join(w.dir, 'none.jws'), clock: w.clock }))).toBe('TRUST_UNAVAILABLE');
  });
  it('passes over a bad stored file or a bad initial list when another source is good', async () => {
    const w = await world();
    writeFileSync(w.file, (await w.list(5, NOW + 10, w.other.privateJwk)) + '\n');
    const recovered = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(2) });
    expect(recovered.seq).toBe(2);
    expect(VoucherError.is(recovered.lastError) && recovered.lastError.code).toBe('TRUST_BAD_SIGNATURE');
    expect((await verifyTrustList(readFileSync(w.file, 'utf8').trim(), w.root.publicJwk, { clock: w.clock })).seq).toBe(2);
    const keepsStored = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, initial: await w.list(9, NOW + 10, w.other.privateJwk) });
    expect(keepsStored.seq).toBe(2);
  });
  it('refreshes from a URL: updated, unchanged, and keeps the good list on bad, old, slow or failing responses', async () => {
    const w = await world();
    let body = await w.list(2);
    let status = 200;
    let hang = false;
    const server = createServer((req, res) => {
      if (hang) return; // never answers: the timeout must fire (1.5 s: a loaded machine may take 200 ms to answer)
      res.writeHead(status).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trust.jws`;
    try {
      const errors: unknown[] = [];
      const s = await TrustStore.open({ rootKey: w.root.publicJwk, file: w.file, clock: w.clock, url, timeoutMs: 1500, initial: await w.list(1), onRefreshError: (e) => errors.push(e) });
      expect(await s.refresh()).toBe('updated');
      expect(s.seq).toBe(2);
      expect(await s.refresh()).toBe('unchanged');
      body = await w.list(1);
      expect(await s.refresh()).toBe('failed');
      expect((s.lastError as { code: string }).code).toBe('TRUST_ROLLBACK');
      body = await w.list(9, NOW + 10, w.other.privateJwk);
      expect(await s.refresh()).toBe('failed');
      expect((s.lastError as { code: string }).code).toBe('TRUST_BAD_SIGNATURE');
      status = 500;
      expect(await s.refresh()).toBe('failed');
      hang = true;
      expect(await s.refresh()).toBe('failed');
      expect((s.lastError as { code: string }).code).toBe('TRUST_UNAVAILABLE');
      expect(errors).toHaveLength(4);
      expect(s.current().seq).toBe(2);
      expect((await verifyTrustList(readFileSync(w.file, 'utf8'), w.root.publicJwk)).seq).toBe(2);
      // With no stored file, open() fetches from the URL.
      hang = false;
      status = 200;
      body = await w.list(7);
      const fresh = await TrustStore.open({ rootKey: w.root.publicJwk, file: join(w.dir, 'fresh.jws'), clock: w.clock, url });
      expect(fresh.seq).toBe(7);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
