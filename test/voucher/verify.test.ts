import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/error-code.js';
import { manualClock } from '../../src/lib/clock.js';
import { generateSigningKey } from '../../src/sim/issuer/keys.js';
import { issueVoucher } from '../../src/sim/issuer/voucher.js';
import { VoucherError } from '../../src/voucher/errors.js';
import { MemoryReplayGuard } from '../../src/voucher/replay/memory.js';
import type { TrustList, TrustedKey } from '../../src/voucher/types.js';
import { verifyVoucher } from '../../src/voucher/verify.js';

const NOW = 1_767_225_600;

async function setup() {
  const es = await generateSigningKey('ES256', 'k-es');
  const ed = await generateSigningKey('EdDSA', 'k-ed');
  const trust: TrustList = {
    iss: 'root', iat: NOW - 10, exp: NOW + 86400, seq: 1,
    keys: [{ ...es.publicJwk, iss: 'nhsa' } as TrustedKey, { ...ed.publicJwk, iss: 'nhsa' } as TrustedKey],
    revoked: [], frozen: ['FROZEN000001'],
  };
  return { es, ed, trust, clock: manualClock(NOW * 1000) };
}


describe('verifyVoucher', () => {
  it('returns typed claims, kid and alg of a valid code (both algs)', async () => {
    const { es, ed, trust, clock } = await setup();
    for (const k of [es, ed]) {
      const qr = await issueVoucher({ key: k.privateJwk, iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW, nm: '张*三', actSub: 'GUARD0000001' });
      const v = await verifyVoucher(qr, { trust, clock });
      expect(v.qrText).toBe(qr);
      expect(v.kid).toBe(k.publicJwk.kid);
      expect(v.alg).toBe(k.publicJwk.alg);
      expect(v.claims).toMatchObject({ iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW, exp: NOW + 60, use: 'pay', reg: '420100', nm: '张*三', act: { sub: 'GUARD0000001' } });
    }
  });

  it('expired AND replayed → VOUCHER_EXPIRED (first failing check), and refused codes are not recorded', async () => {
    const { es, trust, clock } = await setup();
    const guard = new MemoryReplayGuard();
    const qr = await issueVoucher({ key: es.privateJwk, iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW });
    await verifyVoucher(qr, { trust, clock, replayGuard: guard });
    clock.set((NOW + 71) * 1000);
    expect(await codeOf(verifyVoucher(qr, { trust, clock, replayGuard: guard }))).toBe('VOUCHER_EXPIRED');
    const wrongUse = await issueVoucher({ key: es.privateJwk, iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW + 60, use: 'id' });
    expect(await codeOf(verifyVoucher(wrongUse, { trust, clock, replayGuard: guard }))).toBe('VOUCHER_WRONG_USE');
    // The id code was not consumed: an identity check still accepts it once.
    expect(await codeOf(verifyVoucher(wrongUse, { trust, clock, replayGuard: guard, use: 'id' }))).toBe('ok');
    expect(await codeOf(verifyVoucher(wrongUse, { trust, clock, replayGuard: guard, use: 'id' }))).toBe('VOUCHER_REPLAYED');
  });

  it('frozen beats wrong use; bad signature beats bad claims', async () => {
    const { es, ed, trust, clock } = await setup();
    const frozenId = await issueVoucher({ key: es.privateJwk, iss: 'nhsa', sub: 'FROZEN000001', iat: NOW, use: 'id' });
    expect(await codeOf(verifyVoucher(frozenId, { trust, clock }))).toBe('VOUCHER_FROZEN');
    const long = await issueVoucher({ key: ed.privateJwk, iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW, ttl: 600 });
    expect(await codeOf(verifyVoucher(long, { trust, clock }))).toBe('VOUCHER_BAD_LIFETIME');
    const tampered = long.replace(/\.[^.]+$/, (s) => s.slice(0, -2) + (s.endsWith('AA') ? 'BA' : 'AA'));
    expect(await codeOf(verifyVoucher(tampered, { trust, clock }))).toBe('VOUCHER_BAD_SIGNATURE');
  });

  it('applies the skew at both ends and a configurable skew', async () => {
    const { es, trust, clock } = await setup();
    const qr = await issueVoucher({ key: es.privateJwk, iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW + 10 });
    expect(await codeOf(verifyVoucher(qr, { trust, clock }))).toBe('ok');
    expect(await codeOf(verifyVoucher(qr, { trust, clock, skewSec: 9 }))).toBe('VOUCHER_NOT_YET_VALID');
    clock.set((NOW + 80) * 1000);
    expect(await codeOf(verifyVoucher(qr, { trust, clock }))).toBe('ok');
    clock.set((NOW + 81) * 1000);
    expect(await codeOf(verifyVoucher(qr, { trust, clock }))).toBe('VOUCHER_EXPIRED');
  });

  it('wraps a failing replay store as VOUCHER_REPLAY_STORE', async () => {
    const { es, trust, clock } = await setup();
    const qr = await issueVoucher({ key: es.privateJwk, iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW });
    const broken = { checkAndRecord: () => { throw new Error('disk full'); } };
    expect(await codeOf(verifyVoucher(qr, { trust, clock, replayGuard: broken }))).toBe('VOUCHER_REPLAY_STORE');
  });

  it('fuzz: mutated codes always end in a VoucherError (or ok for an unchanged code)', async () => {
    const { es, ed, trust, clock } = await setup();
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=:{}"\u00ff\u4e2d';
    const bases = [await issueVoucher({ key: es.privateJwk, iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW }), await issueVoucher({ key: ed.privateJwk, iss: 'nhsa', sub: 'SUB0000000000001', iat: NOW })];
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const base = bases[i % 2]!;
      let m: string;
      switch (rnd(5)) {
        case 0: { // bit flip
          const j = rnd(base.length);
          m = base.slice(0, j) + String.fromCharCode(base.charCodeAt(j) ^ (1 << rnd(7))) + base.slice(j + 1);
          break;
        }
        case 1: m = base.slice(0, rnd(base.length)); break;
        case 2: m = Array.from({ length: rnd(600) }, () => alphabet[rnd(alphabet.length)]).join(''); break;
        case 3: { // replace one segment with random base64url
          const segs = base.slice(5).split('.');
          segs[rnd(3)] = Buffer.from(Array.from({ length: rnd(120) }, () => rnd(256))).toString('base64url');
          m = `YBV1:${segs.join('.')}`;
          break;
        }
        default: { // random JSON in a segment
          const segs = base.slice(5).split('.');
          const json = ['{}', '[]', 'null', '{"alg":"ES256"}', '{"a":1,"a":2}', '"x"', '{"alg":"ES256","kid":"k-es","typ":"ybv+jwt"}', '{"iss":1}', '{'][rnd(9)]!;
          segs[rnd(2)] = Buffer.from(json).toString('base64url');
          m = `YBV1:${segs.join('.')}`;
        }
      }
      const code = await codeOf(verifyVoucher(m, { trust, clock }));
      if (m !== base) expect(code).not.toBe('ok');
      expect(code).toMatch(/^(VOUCHER_[A-Z_]+|ok)$/);
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    expect(counts.size).toBeGreaterThan(3);
  });
});
