/**
 * Imports trust-list keys once per list entry: a new list brings new
 * objects, so a WeakMap cache never serves a replaced key.
 *
 * @module
 */
import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { VoucherAlg } from './types.js';

const cache = new WeakMap<object, Promise<CryptoKey | Uint8Array>>();

/** Only the public members of a key: a stray private `d` is never imported. */
export const publicMembers = (jwk: JWK): JWK =>
  jwk.kty === 'OKP' ? { kty: 'OKP', crv: jwk.crv, x: jwk.x } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };

/** The public key of a JWK for its own `alg` only (a key never verifies another alg). */
export function importPublicKey(jwk: JWK, alg: VoucherAlg): Promise<CryptoKey | Uint8Array> {
  let key = cache.get(jwk);
  if (!key) {
    key = importJWK(publicMembers(jwk), alg) as Promise<CryptoKey | Uint8Array>;
    cache.set(jwk, key);
  }
  return key;
}
