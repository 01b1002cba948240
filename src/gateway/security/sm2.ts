/**
 * SM3withSM2 (GM/T 0003.2, the digest e = SM3(Z_A || M) with Z_A from the
 * signer's user id and public key, GM/T 0009 default id `1234567812345678`)
 * through the sm-crypto library (Node's crypto has SM3 and SM4 but not the
 * SM2 signature scheme), and SM4-ECB through Node's crypto.
 *
 * Signature form: 64 bytes r || s (each 32 bytes, big endian). Keys are hex:
 * the private key 64 hex digits, the public key `04 || x || y` (130).
 *
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { GatewayError } from '../errors.js';

/** GM/T 0009's default signer id. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

const HEX64 = /^[0-9a-fA-F]{64}$/;
const PUB = /^04[0-9a-fA-F]{128}$/;

function failed(reason: string): GatewayError {
  return new GatewayError('GATEWAY_SIGNATURE_FAILED', { details: { reason } });
}

/**
 * The SM2 public key (hex) of a private key.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @param privateKeyHex The SM2 private key, hex.
 * @example
 * ```ts
 * import { sm2KeyPair, sm2PublicKeyOf } from 'yibao-pos/gateway';
 * const k = sm2KeyPair();
 * sm2PublicKeyOf(k.privateKeyHex) === k.publicKeyHex; // true
 * ```
 */
export function sm2PublicKeyOf(privateKeyHex: string): string {
  if (!HEX64.test(privateKeyHex)) throw failed('the SM2 private key must be 64 hex digits');
  return smCrypto.sm2.getPublicKeyFromPrivateKey(privateKeyHex.toLowerCase());
}

/**
 * A fresh SM2 key pair, hex encoded (for a terminal's national-interface key).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @example
 * ```ts
 * import { sm2KeyPair } from 'yibao-pos/gateway';
 * const { privateKeyHex, publicKeyHex } = sm2KeyPair();
 * ```
 */
export function sm2KeyPair(): { privateKeyHex: string; publicKeyHex: string } {
  const { privateKey, publicKey } = smCrypto.sm2.generateKeyPairHex();
  return { privateKeyHex: privateKey, publicKeyHex: publicKey };
}

/** r || s (64 bytes) of SM3withSM2 over `message`. */
export function sm2Sign(message: Uint8Array, privateKeyHex: string, options: { userId?: string; publicKeyHex?: string } = {}): Uint8Array {
  const publicKey = options.publicKeyHex ?? sm2PublicKeyOf(privateKeyHex);
  const hex = smCrypto.sm2.doSignature(Array.from(message), privateKeyHex.toLowerCase(), {
    hash: true,
    publicKey,
    userId: options.userId ?? SM2_DEFAULT_USER_ID,
  });
  return Buffer.from(hex, 'hex');
}

/** Whether `signature` (r || s, 64 bytes) is SM3withSM2 over `message` by `publicKeyHex`. */
export function sm2Verify(message: Uint8Array, signature: Uint8Array, publicKeyHex: string, options: { userId?: string } = {}): boolean {
  if (signature.length !== 64 || !PUB.test(publicKeyHex)) return false;
  try {
    return smCrypto.sm2.doVerifySignature(Array.from(message), Buffer.from(signature).toString('hex'), publicKeyHex.toLowerCase(), {
      hash: true,
      userId: options.userId ?? SM2_DEFAULT_USER_ID,
    });
  } catch {
    return false;
  }
}

function sm4Key(keyHex: string): Buffer {
  if (!/^[0-9a-fA-F]{32}$/.test(keyHex)) throw failed('the SM4 key must be 32 hex digits');
  return Buffer.from(keyHex, 'hex');
}

/** SM4-ECB with PKCS#7 padding. */
export function sm4Encrypt(plain: Uint8Array, keyHex: string): Buffer {
  const c = createCipheriv('sm4-ecb', sm4Key(keyHex), null);
  return Buffer.concat([c.update(plain), c.final()]);
}

export function sm4Decrypt(cipher: Uint8Array, keyHex: string): Buffer {
  const d = createDecipheriv('sm4-ecb', sm4Key(keyHex), null);
  return Buffer.concat([d.update(cipher), d.final()]);
}
