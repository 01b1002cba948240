/**
 * Key generation for issuers, roots and the PIN key: JWKs that carry `kid`
 * and `alg`, as the trust list and the CLI store them.
 *
 * @module
 */
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { VoucherAlg } from '../../voucher/types.js';

/**
 * A generated key pair as JWKs (private with `d`, public without).
 *
 * Exported from `yibao-pos/sim`.
 */
export interface KeyPairJwk {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function exportPair(pair: { privateKey: CryptoKey; publicKey: CryptoKey }, extra: JWK): Promise<KeyPairJwk> {
  return {
    privateJwk: { ...(await exportJWK(pair.privateKey)), ...extra },
    publicJwk: { ...(await exportJWK(pair.publicKey)), ...extra },
  };
}

/**
 * An ES256 (P-256) or EdDSA (Ed25519) signing key pair.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param alg `ES256` or `EdDSA`.
 * @param kid The key id to set.
 *
 * @example
 * ```ts
 * import { generateSigningKey } from 'yibao-pos/sim';
 * const { privateJwk, publicJwk } = await generateSigningKey('ES256', 'issuer-1');
 * ```
 */
export async function generateSigningKey(alg: VoucherAlg, kid: string): Promise<KeyPairJwk> {
  const pair = await generateKeyPair(alg === 'EdDSA' ? 'Ed25519' : 'ES256', { extractable: true });
  return exportPair(pair, { kid, alg });
}

/**
 * The gateway's PIN key: EC P-256 for ECDH-ES+A256KW.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param kid The key id to set.
 *
 * @example
 * ```ts
 * import { generatePinKey } from 'yibao-pos/sim';
 * const { publicJwk } = await generatePinKey('pin-1'); // goes into the trust list as pinKey
 * ```
 */
export async function generatePinKey(kid: string): Promise<KeyPairJwk> {
  const pair = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
  return exportPair(pair, { kid, alg: 'ECDH-ES+A256KW', use: 'enc' });
}
