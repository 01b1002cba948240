/** Regression: two installs at once must never leave the older list in force or on disk. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import { generateSigningKey } from '../../src/sim/issuer/keys.js';
import { makeTrustList } from '../../src/sim/issuer/trust-list.js';
import { TrustStore } from '../../src/voucher/trust-store.js';
import { verifyTrustList } from '../../src/voucher/trust-list.js';
import type { TrustedKey } from '../../src/voucher/types.js';

const NOW = 1_767_225_600;

describe('TrustStore.install, concurrent', () => {
  it('keeps the newest of two lists installed at the same time, in memory and on disk', async () => {
    const root = await generateSigningKey('ES256', 'root-1');
    const iss = await generateSigningKey('ES256', 'iss-1');
    const clock = manualClock(NOW * 1000);
    const list = (seq: number) => makeTrustList({ rootKey: root.privateJwk, iss: 'nhsa-root', seq, iat: NOW, exp: NOW + 86400, keys: [{ ...iss.publicJwk, iss: 'nhsa' } as TrustedKey] });
    for (let round = 0; round < 10; round++) {
      const file = join(mkdtempSync(join(tmpdir(), 'ybv-race-')), 'trust.jws');
      const store = await TrustStore.open({ rootKey: root.publicJwk, file, clock, initial: await list(1) });
      const [nine, eight] = [await list(9), await list(8)];
      const results = await Promise.allSettled([store.install(nine), store.install(eight)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
      expect(store.seq).toBe(9);
      expect((await verifyTrustList(readFileSync(file, 'utf8').trim(), root.publicJwk, { clock })).seq).toBe(9);
    }
  });
});
