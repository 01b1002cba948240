/**
 * One voucher, one text: the (r, n − s) twin of an ES256 signature verifies
 * under ECDSA, so the terminal takes only the low-s form, and the issuer
 * signs in it.
 */
import { describe, expect, it } from 'vitest';
import { isHighS, P256_N } from '../../src/voucher/low-s.js';
import { verifyVoucher } from '../../src/voucher/verify.js';
import { good, makeKit, outcome, T0, withSignature } from './helpers.js';

const sigOf = (tok: string) => new Uint8Array(Buffer.from(tok.slice(tok.lastIndexOf('.') + 1), 'base64url'));

/** The other signature of the same voucher: (r, n − s). */
function twin(tok: string): string {
  const sig = sigOf(tok);
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`);
  const other = Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex');
  return withSignature(tok, Buffer.concat([sig.subarray(0, 32), other]));
}

describe('canonical ES256 signatures', () => {
  it('refuses the high-s twin of a valid voucher (VOUCHER_BAD_SIGNATURE) and accepts the low-s one', async () => {
    const kit = await makeKit();
    const clock = () => T0 * 1000;
    for (let i = 0; i < 8; i++) {
      const code = await good(kit.es);
      const other = twin(code);
      expect(other).not.toBe(code);
      const [low, high] = isHighS(sigOf(code)) ? [other, code] : [code, other];
      expect(await outcome(verifyVoucher(low, { trust: kit.trust, clock }))).toBe('accepted');
      expect(await outcome(verifyVoucher(high, { trust: kit.trust, clock }))).toBe('VOUCHER_BAD_SIGNATURE');
    }
  });

  it('isHighS (a byte comparison) draws the line exactly at n/2', () => {
    const sigWithS = (s: bigint) => new Uint8Array([...new Uint8Array(32).fill(1), ...Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]);
    const half = P256_N >> 1n;
    for (const [s, high] of [[half, false], [half + 1n, true], [half - 1n, false], [1n, false], [P256_N - 1n, true], [half + (1n << 200n), true], [half - (1n << 200n), false]] as const) {
      expect(isHighS(sigWithS(s)), s.toString(16)).toBe(high);
    }
    for (let i = 0; i < 200; i++) {
      const s = BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}`) % P256_N;
      expect(isHighS(sigWithS(s))).toBe(s > half);
    }
    expect(isHighS(new Uint8Array(63))).toBe(false);
  });

  it('the issuer signs every ES256 voucher in the low-s form', async () => {
    const kit = await makeKit();
    for (let i = 0; i < 16; i++) expect(isHighS(sigOf(await good(kit.es)))).toBe(false);
  });
});
