import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../src/sim/issuer/keys.js';
import { signatureValid } from '../../src/voucher/signature.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('signatureValid', () => {
  for (const alg of ['ES256', 'EdDSA'] as const) {
    for (const path of ['node:crypto', 'WebCrypto (browser path)'] as const) {
      it(`${alg} through ${path}: accepts the signature, refuses tampering and another key`, async () => {
        const native = path === 'node:crypto' ? undefined : null;
        const key = await generateSigningKey(alg, 'k');
        const other = await generateSigningKey(alg, 'k');
        const jws = await new CompactSign(new TextEncoder().encode('{"a":1}')).setProtectedHeader({ alg }).sign(await (await import('jose')).importJWK(key.privateJwk, alg));
        const [h, p, s] = jws.split('.') as [string, string, string];
        const sig = new Uint8Array(Buffer.from(s, 'base64url'));
        expect(await signatureValid(key.publicJwk, alg, h, p, s, sig, native)).toBe(true);
        expect(await signatureValid(other.publicJwk, alg, h, p, s, sig, native)).toBe(false);
        const flipped = sig.slice();
        flipped[10] = flipped[10]! ^ 1;
        expect(await signatureValid(key.publicJwk, alg, h, p, b64(flipped), flipped, native)).toBe(false);
        expect(await Promise.resolve().then(() => signatureValid(key.publicJwk, alg, h, `${p}A`, s, sig, native)).catch(() => false)).toBe(false);
      });
    }
  }
  it('never verifies with a key of the other kind', async () => {
    const ec = await generateSigningKey('ES256', 'k');
    const ed = await generateSigningKey('EdDSA', 'k');
    const jws = await new CompactSign(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'EdDSA' }).sign(await (await import('jose')).importJWK(ed.privateJwk, 'EdDSA'));
    const [h, p, s] = jws.split('.') as [string, string, string];
    const sig = new Uint8Array(Buffer.from(s, 'base64url'));
    expect(await Promise.resolve().then(() => signatureValid(ec.publicJwk, 'EdDSA', h, p, s, sig)).catch(() => false)).toBe(false);
  });
});
