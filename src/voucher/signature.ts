/**
 * Checks a voucher's signature with the trust-list key's own algorithm.
 * On Node, node:crypto does it synchronously (WebCrypto's round trip through
 * the thread pool cost about half the time of a whole verification); it is
 * reached through `process.getBuiltinModule`, never a static import, so
 * browser bundles of `yibao-pos/voucher` stay free of `node:` modules and
 * fall back to jose on WebCrypto.
 *
 * @module
 */
import { flattenedVerify, type JWK } from 'jose';
import type { KeyObject } from 'node:crypto';
import { importPublicKey, publicMembers } from './keys.js';
import type { VoucherAlg } from './types.js';
import { nodeCrypto, type NodeCrypto } from '../lib/node-crypto.js';


const keyObjects = new WeakMap<object, KeyObject>();

/**
 * True when `signature` (raw: r||s for ES256, 64 bytes for Ed25519) signs
 * `protectedB64.payloadB64` under `key` with `alg`. A plain boolean on Node
 * (no promise to await on the path of every scan), a promise with jose.
 */
export function signatureValid(
  key: JWK,
  alg: VoucherAlg,
  protectedB64: string,
  payloadB64: string,
  signatureB64: string,
  signature: Uint8Array,
  /** Tests pass null to take the WebCrypto path on Node. */
  native: NodeCrypto | null | undefined = nodeCrypto,
): boolean | Promise<boolean> {
  if (native) {
    let keyObject = keyObjects.get(key);
    if (!keyObject) {
      keyObject = native.createPublicKey({ key: publicMembers(key) as import('node:crypto').JsonWebKey, format: 'jwk' });
      keyObjects.set(key, keyObject);
    }
    // The segments are base64url (checked before this call): latin1 is their bytes, and Buffer makes them faster than TextEncoder.
    const input = Buffer.from(`${protectedB64}.${payloadB64}`, 'latin1');
    if (alg === 'ES256') {
      if (keyObject.asymmetricKeyType !== 'ec') return false;
      return native.verify('sha256', input, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature);
    }
    if (keyObject.asymmetricKeyType !== 'ed25519') return false;
    return native.verify(null, input, keyObject, signature);
  }
  return joseValid(key, alg, protectedB64, payloadB64, signatureB64);
}

async function joseValid(key: JWK, alg: VoucherAlg, protectedB64: string, payloadB64: string, signatureB64: string): Promise<boolean> {
  try {
    await flattenedVerify({ protected: protectedB64, payload: payloadB64, signature: signatureB64 }, await importPublicKey(key, alg), { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}
