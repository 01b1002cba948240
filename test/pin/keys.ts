/**
 * Test keys for PIN blocks: a fresh P-256 ECDH-ES pair per call.
 *
 * @module
 */
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export async function pinKeyPair(): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
  return { publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}
