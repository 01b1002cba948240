/**
 * The PIN block's JWE (`ECDH-ES+A256KW`, `A256GCM`, RFC 7516/7518): built
 * with node:crypto's synchronous calls when it is there, else by jose. A profile of the
 * sale (bench/70-checkout, docs/performance.md) showed the seal as the
 * largest share of the SDK's own time, most of it waiting: jose on WebCrypto
 * makes four thread-pool round trips per block (ephemeral key, ECDH, key
 * wrap, GCM), each queued behind whatever else the pool runs. Reached through
 * `process.getBuiltinModule`, never a static import, so browser bundles of
 * `yibao-pos/pin/seal` stay free of `node:` modules and use jose.
 *
 * @module
 */
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { nodeCrypto, type NodeCrypto } from '../lib/node-crypto.js';


const ascii = new TextEncoder();

// Node only (this path runs where node:crypto is): Buffer's base64url.
const b64u = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
const fromB64u = (text: string): Uint8Array => Buffer.from(text, 'base64url');

/** The recipient's point (0x04 || x || y), checked once per key object. */
const points = new WeakMap<object, Uint8Array>();

function recipientPoint(jwk: JWK): Uint8Array {
  let point = points.get(jwk);
  if (!point) {
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw new TypeError('pinKey must be a P-256 EC public JWK');
    const x = fromB64u(jwk.x);
    const y = fromB64u(jwk.y);
    if (x.length !== 32 || y.length !== 32) throw new TypeError('pinKey must be a P-256 EC public JWK');
    point = new Uint8Array(65);
    point[0] = 4;
    point.set(x, 1);
    point.set(y, 33);
    points.set(jwk, point);
  }
  return point;
}

const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);

/** Concat KDF (RFC 7518 §4.6.2) for 256-bit key-wrapping keys: one SHA-256 round. */
function concatKdf(native: NodeCrypto, z: Uint8Array, alg: string): Buffer {
  const algId = ascii.encode(alg);
  return native
    .createHash('sha256')
    .update(u32(1))
    .update(z)
    .update(u32(algId.length))
    .update(algId)
    .update(u32(0)) // apu: empty
    .update(u32(0)) // apv: empty
    .update(u32(256))
    .digest();
}

const AES_KW_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);

/**
 * Compact JWE of `plaintext` to `pinKey` (public members only), alg
 * ECDH-ES+A256KW, enc A256GCM; what jose's CompactEncrypt makes, without the
 * thread pool. Throws on a key that is not P-256.
 */
function sealNative(native: NodeCrypto, plaintext: Uint8Array, pinKey: JWK, alg: string, enc: string): string {
  const ecdh = native.createECDH('prime256v1');
  const epkPoint = ecdh.generateKeys();
  const z = ecdh.computeSecret(recipientPoint(pinKey));
  const kek = concatKdf(native, z, alg);
  z.fill(0);
  const cek = native.randomBytes(32);
  const wrap = native.createCipheriv('id-aes256-wrap', kek, AES_KW_IV);
  const encryptedKey = Buffer.concat([wrap.update(cek), wrap.final()]);
  kek.fill(0);
  const epk = { x: b64u(epkPoint.subarray(1, 33)), crv: 'P-256', kty: 'EC', y: b64u(epkPoint.subarray(33, 65)) };
  const header = b64u(ascii.encode(JSON.stringify({ alg, enc, epk })));
  const iv = native.randomBytes(12);
  const gcm = native.createCipheriv('aes-256-gcm', cek, iv);
  gcm.setAAD(ascii.encode(header));
  const ciphertext = Buffer.concat([gcm.update(plaintext), gcm.final()]);
  const tag = gcm.getAuthTag();
  cek.fill(0);
  return `${header}.${b64u(encryptedKey)}.${b64u(iv)}.${b64u(ciphertext)}.${b64u(tag)}`;
}

/**
 * Compact JWE of `plaintext` to the public members of `pinKey`: node:crypto
 * when present (tests pass `null` for the jose path browsers take).
 */
export async function encryptPinBlock(plaintext: Uint8Array, pinKey: JWK, alg: string, enc: string, native: NodeCrypto | null | undefined = nodeCrypto): Promise<string> {
  if (native) return sealNative(native, plaintext, pinKey, alg, enc);
  const key = await importJWK(publicPart(pinKey), alg);
  return new CompactEncrypt(plaintext).setProtectedHeader({ alg, enc }).encrypt(key);
}

/** Only the public members: a JWK carrying `d` must not become the encryption key. */
function publicPart(jwk: JWK): JWK {
  const out: JWK = {};
  for (const name of ['kty', 'crv', 'x', 'y', 'kid'] as const) {
    const v = jwk[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}
