/**
 * Signs a compact JWS with a private JWK that carries its own `alg` and `kid`.
 *
 * @module
 */
import { base64url, CompactSign, importJWK, type JWK } from 'jose';
import { toLowS } from '../../voucher/low-s.js';
import type { VoucherAlg } from '../../voucher/types.js';

const imported = new WeakMap<JWK, ReturnType<typeof importJWK>>();

export function signingAlg(key: JWK): VoucherAlg {
  if (key.alg === 'ES256' || key.alg === 'EdDSA') return key.alg as VoucherAlg;
  if (key.kty === 'OKP' && key.crv === 'Ed25519') return 'EdDSA';
  if (key.kty === 'EC' && key.crv === 'P-256') return 'ES256';
  throw new TypeError('the key is neither ES256 (EC P-256) nor EdDSA (Ed25519)');
}

export async function signCompact(key: JWK, typ: string, claims: unknown): Promise<string> {
  if (typeof key.d !== 'string') throw new TypeError('a private key (with "d") is needed to sign');
  if (typeof key.kid !== 'string') throw new TypeError('the key has no "kid"');
  const alg = signingAlg(key);
  let k = imported.get(key);
  if (!k) {
    k = importJWK(key, alg);
    imported.set(key, k);
  }
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg, kid: key.kid, typ }).sign(await k);
  return alg === 'ES256' ? canonicalSignature(jws) : jws;
}

/**
 * An ES256 compact JWS in its canonical (low-s) form, as terminals require:
 * the (r, n − s) twin of a signature verifies too, and would make one
 * voucher two texts. Other signatures come back unchanged.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @example
 * ```ts
 * import { canonicalSignature } from 'yibao-pos/sim';
 * const jws = canonicalSignature(await new CompactSign(payload).setProtectedHeader({ alg: 'ES256', kid, typ: 'ybv+jwt' }).sign(key));
 * ```
 */
export function canonicalSignature(jws: string): string {
  const dot = jws.lastIndexOf('.');
  const header = JSON.parse(new TextDecoder().decode(base64url.decode(jws.slice(0, jws.indexOf('.'))))) as { alg?: unknown };
  if (header.alg !== 'ES256') return jws;
  return `${jws.slice(0, dot + 1)}${base64url.encode(toLowS(base64url.decode(jws.slice(dot + 1))))}`;
}
