/**
 * SM3withSM2 (GM/T 0003.2: e = SM3(Z_A || M), Z_A from the signer's id and
 * public key, GM/T 0009 default id `1234567812345678`) and SM4-ECB, on
 * Node's own OpenSSL.
 *
 * Why not `crypto.sign('sm3', data, key)`: with Node 20 (OpenSSL 3.0) a key
 * made by `generateKeyPairSync('ec', { namedCurve: 'SM2' })` is an EC key,
 * and signing it is ECDSA over SM3(M) on the SM2 curve, not the SM2
 * signature scheme (it does not verify against the GM/T 0003.5 example, and
 * Node has no option to set the signer id). So the scheme is computed here:
 * Z_A and e with OpenSSL's SM3, the curve multiplications with OpenSSL's
 * ECDH on the SM2 curve (k·G for signing; s·G and t·P_A for verifying), and
 * only the modular arithmetic of r and s in BigInt. That signs in a fraction
 * of a millisecond where the pure-JS sm-crypto took tens (see the bench).
 *
 * Signature form: 64 bytes r || s (each 32 bytes, big endian). Keys are hex:
 * the private key 64 hex digits, the public key `04 || x || y` (130).
 *
 * @module
 */
import { createCipheriv, createDecipheriv, createECDH, createHash, randomBytes } from 'node:crypto';
import { GatewayError } from '../errors.js';

/** GM/T 0009's default signer id. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

// sm2p256v1 (GM/T 0003.5).
const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = P - 3n;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;
const CURVE_PARAMS = Buffer.concat([A, B, GX, GY].map(bytes32));

const HEX64 = /^[0-9a-fA-F]{64}$/;
const PUB = /^04[0-9a-fA-F]{128}$/;

type Point = readonly [bigint, bigint];

function failed(reason: string): GatewayError {
  return new GatewayError('GATEWAY_SIGNATURE_FAILED', { details: { reason } });
}

function bytes32(n: bigint): Buffer {
  return Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
}

const big = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const mod = (x: bigint, m: bigint): bigint => ((x % m) + m) % m;

function inv(x: bigint, m: bigint): bigint {
  // Extended Euclid; x and m are coprime here (m prime, x ≠ 0 mod m).
  let [a, b, u, v] = [mod(x, m), m, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b] = [b - q * a, a];
    [u, v] = [v - q * u, u];
  }
  return mod(v, m);
}

/** a^e mod m. */
function pow(a: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  a = mod(a, m);
  while (e > 0n) {
    if (e & 1n) r = (r * a) % m;
    a = (a * a) % m;
    e >>= 1n;
  }
  return r;
}

function add(p: Point | null, q: Point | null): Point | null {
  if (!p) return q;
  if (!q) return p;
  if (p[0] === q[0]) {
    if (mod(p[1] + q[1], P) === 0n) return null;
    const l = mod((3n * p[0] * p[0] + A) * inv(2n * p[1], P), P);
    const x = mod(l * l - 2n * p[0], P);
    return [x, mod(l * (p[0] - x) - p[1], P)];
  }
  const l = mod((q[1] - p[1]) * inv(q[0] - p[0], P), P);
  const x = mod(l * l - p[0] - q[0], P);
  return [x, mod(l * (p[0] - x) - p[1], P)];
}

function pointOf(hex04: string | Buffer): Point {
  const b = typeof hex04 === 'string' ? Buffer.from(hex04, 'hex') : hex04;
  return [big(b.subarray(1, 33)), big(b.subarray(33, 65))];
}

/** k·G through OpenSSL (k in 1..n-1). */
function mulG(k: bigint): Point {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(bytes32(k));
  return pointOf(ecdh.getPublicKey());
}

/**
 * t·Q through OpenSSL. ECDH gives only x; y is one of the two square roots
 * (p ≡ 3 mod 4), told apart by (t+1)·Q = t·Q + Q, whose x ECDH also gives.
 */
function mul(t: bigint, q: Point, qBytes: Buffer): Point | null {
  if (t === N - 1n) return [q[0], mod(-q[1], P)];
  const x = big(secretX(t, qBytes));
  const y = pow(mod(x * x * x + A * x + B, P), (P + 1n) / 4n, P);
  const next = big(secretX(t + 1n, qBytes));
  const candidate: Point = [x, y];
  const sum = add(candidate, q);
  return sum && sum[0] === next ? candidate : [x, mod(-y, P)];
}

function secretX(t: bigint, qBytes: Buffer): Buffer {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(bytes32(t));
  return ecdh.computeSecret(qBytes);
}

function checkPrivate(privateKeyHex: string): bigint {
  if (!HEX64.test(privateKeyHex)) throw failed('the SM2 private key must be 64 hex digits');
  const d = BigInt(`0x${privateKeyHex}`);
  if (d < 1n || d >= N - 1n) throw failed('the SM2 private key is out of range');
  return d;
}

const idBytes = (userId: string | Uint8Array | undefined): Buffer =>
  userId === undefined ? Buffer.from(SM2_DEFAULT_USER_ID, 'utf8') : typeof userId === 'string' ? Buffer.from(userId, 'utf8') : Buffer.from(userId);

/** Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A). */
export function sm2Z(publicKeyHex: string, userId?: string | Uint8Array): Buffer {
  const id = idBytes(userId);
  if (id.length > 8191) throw failed('the SM2 user id is too long');
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(id.length * 8);
  return createHash('sm3').update(entl).update(id).update(CURVE_PARAMS).update(Buffer.from(publicKeyHex.slice(2), 'hex')).digest();
}

/** e = SM3(Z_A || M), the digest the SM2 signature is over. */
export function sm2Digest(message: Uint8Array, publicKeyHex: string, userId?: string | Uint8Array): Buffer {
  return createHash('sm3').update(sm2Z(publicKeyHex, userId)).update(message).digest();
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
  const d = checkPrivate(privateKeyHex);
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(bytes32(d));
  return ecdh.getPublicKey('hex');
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
  for (;;) {
    const ecdh = createECDH('SM2');
    ecdh.generateKeys();
    const privateKeyHex = ecdh.getPrivateKey('hex').padStart(64, '0');
    // GM/T 0003 wants d in [1, n-2] (1 + d must be invertible).
    if (BigInt(`0x${privateKeyHex}`) < N - 1n) return { privateKeyHex, publicKeyHex: ecdh.getPublicKey('hex') };
  }
}

/** A nonce k in [1, n-1]. */
function randomK(): bigint {
  for (;;) {
    const k = big(randomBytes(32));
    if (k >= 1n && k < N) return k;
  }
}

/**
 * r || s (64 bytes) of SM3withSM2 over `message`. `userId` is the signer id
 * that enters Z_A (text as UTF-8, or bytes); default GM/T 0009's.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @param message The bytes signed.
 * @param privateKeyHex The SM2 private key, 64 hex digits.
 * @param options The signer id, and the public key when known (saves deriving it).
 * @example
 * ```ts
 * import { sm2KeyPair, sm2Sign, sm2Verify } from 'yibao-pos/gateway';
 * const k = sm2KeyPair();
 * const sig = sm2Sign(Buffer.from('{"a":1}'), k.privateKeyHex, { userId: 'client-id-0123456' });
 * sm2Verify(Buffer.from('{"a":1}'), sig, k.publicKeyHex, { userId: 'client-id-0123456' }); // true
 * ```
 */
export function sm2Sign(
  message: Uint8Array,
  privateKeyHex: string,
  options: { userId?: string | Uint8Array; publicKeyHex?: string; /** Tests only: a fixed nonce (hex). */ nonceHex?: string } = {},
): Uint8Array {
  const d = checkPrivate(privateKeyHex);
  const publicKey = options.publicKeyHex ?? sm2PublicKeyOf(privateKeyHex);
  const e = big(sm2Digest(message, publicKey, options.userId));
  const dInv = inv(1n + d, N);
  for (;;) {
    const k = options.nonceHex !== undefined ? BigInt(`0x${options.nonceHex}`) : randomK();
    const r = mod(e + mulG(k)[0], N);
    if (r === 0n || r + k === N) continue;
    const s = mod(dInv * (k - r * d), N);
    if (s === 0n) continue;
    return Buffer.concat([bytes32(r), bytes32(s)]);
  }
}

/**
 * Whether `signature` (r || s, 64 bytes) is SM3withSM2 over `message` by `publicKeyHex` with signer id `userId`.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @param message The bytes signed.
 * @param signature r || s.
 * @param publicKeyHex `04 || x || y`, hex.
 * @param options The signer id (default GM/T 0009's).
 * @example
 * ```ts
 * import { sm2Verify } from 'yibao-pos/gateway';
 * const ok = sm2Verify(body, signature, publicKeyHex);
 * ```
 */
export function sm2Verify(message: Uint8Array, signature: Uint8Array, publicKeyHex: string, options: { userId?: string | Uint8Array } = {}): boolean {
  if (signature.length !== 64 || !PUB.test(publicKeyHex)) return false;
  try {
    const r = big(signature.subarray(0, 32));
    const s = big(signature.subarray(32));
    if (r < 1n || r >= N || s < 1n || s >= N) return false;
    const t = mod(r + s, N);
    if (t === 0n) return false;
    const qBytes = Buffer.from(publicKeyHex, 'hex');
    const q = pointOf(qBytes);
    // The key must be a point of the curve (ECDH refuses one that is not, too).
    if (mod(q[1] * q[1] - (q[0] * q[0] * q[0] + A * q[0] + B), P) !== 0n) return false;
    const x = add(mulG(s), mul(t, q, qBytes));
    if (!x) return false;
    const e = big(sm2Digest(message, publicKeyHex, options.userId));
    return mod(e + x[0], N) === r;
  } catch {
    return false;
  }
}

function sm4Key(key: string | Uint8Array): Buffer {
  if (typeof key !== 'string') {
    if (key.length !== 16) throw failed('the SM4 key must be 16 bytes');
    return Buffer.from(key);
  }
  if (!/^[0-9a-fA-F]{32}$/.test(key)) throw failed('the SM4 key must be 32 hex digits');
  return Buffer.from(key, 'hex');
}

/** SM4-ECB with PKCS#7 padding; the key as 32 hex digits or 16 bytes. */
export function sm4Encrypt(plain: Uint8Array, key: string | Uint8Array): Buffer {
  const c = createCipheriv('sm4-ecb', sm4Key(key), null);
  return Buffer.concat([c.update(plain), c.final()]);
}

export function sm4Decrypt(cipher: Uint8Array, key: string | Uint8Array): Buffer {
  const d = createDecipheriv('sm4-ecb', sm4Key(key), null);
  return Buffer.concat([d.update(cipher), d.final()]);
}

/**
 * The SM4 key the platform's channel clients derive from their client id
 * and secret: SM4-ECB (PKCS#7) of the secret under the client id's first 16
 * characters, as upper-case hex, first 16 characters, as the 16 key bytes.
 * Follows the public `HseEncAndDecUtil.sm4Encrypt` / `EncUtil.encrypt` Java
 * clients and the `yh-gm` PHP helper (`SM4::encrypt($appId, $key, …)`).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @param clientId The channel client id (`app_id`), at least 16 characters.
 * @param secret The channel secret.
 * @example
 * ```ts
 * import { deriveSm4Key } from 'yibao-pos/gateway';
 * const key = deriveSm4Key('0F0822652EB7CB91A644E638FBE9941E', secret); // 16 bytes
 * ```
 */
export function deriveSm4Key(clientId: string, secret: string): Buffer {
  const idKey = Buffer.from(clientId, 'utf8').subarray(0, 16);
  if (idKey.length !== 16) throw failed('the client id must have at least 16 characters to derive the SM4 key');
  const hex = sm4Encrypt(Buffer.from(secret, 'utf8'), idKey).toString('hex').toUpperCase();
  return Buffer.from(hex.slice(0, 16), 'utf8');
}
