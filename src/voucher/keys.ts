/**
 * Imports trust-list keys once per list entry: a new list brings new
 * objects, so a WeakMap cache never serves a replaced key.
 *
 * @module
 */
import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { VoucherAlg } from './types.js';

const cache = new WeakMap<object, Promise<CryptoKey | Uint8Array>>();

/** The public key of a JWK for its own `alg` only (a key never verifies another alg). */
export function importPublicKey(jwk: JWK, alg: VoucherAlg): Promise<CryptoKey | Uint8Array> {
  let key = cache.get(jwk);
  if (!key) {
    // Only the public members: a stray private `d` is never imported.
    const pub: JWK = jwk.kty === 'OKP' ? { kty: 'OKP', crv: jwk.crv, x: jwk.x } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    key = importJWK(pub, alg) as Promise<CryptoKey | Uint8Array>;
    cache.set(jwk, key);
  }
  return key;
}
