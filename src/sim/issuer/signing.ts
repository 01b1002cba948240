/**
 * Signs a compact JWS with a private JWK that carries its own `alg` and `kid`.
 *
 * @module
 */
import { CompactSign, importJWK, type JWK } from 'jose';
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
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg, kid: key.kid, typ }).sign(await k);
}
