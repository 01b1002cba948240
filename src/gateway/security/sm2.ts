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
 * Z_A and e with OpenSSL's SM3; keys and the nonce's k·G with OpenSSL's
 * ECDH on the SM2 curve (constant-time); the verifier's s·G + t·P_A (public
 * values only) by Shamir's trick with 4-bit windows in BigInt Jacobian
 * coordinates; r and s in BigInt. A BigInt fixed-base comb for k·G
 * was measured too: no faster than OpenSSL's under load, ~200 ms to build
 * its table, and not constant-time, so it is not used.
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

function pointOf(hex04: string | Buffer): Point {
  const b = typeof hex04 === 'string' ? Buffer.from(hex04, 'hex') : hex04;
  return [big(b.subarray(1, 33)), big(b.subarray(33, 65))];
}

type Jacobian = [bigint, bigint, bigint];

const m = (x: bigint): bigint => {
  const r = x % P;
  return r < 0n ? r + P : r;
};

function double(p: Jacobian): Jacobian {
  const [x, y, z] = p;
  if (y === 0n || z === 0n) return [0n, 1n, 0n];
  // a = -3: dbl-2001-b.
  const delta = m(z * z);
  const gamma = m(y * y);
  const beta = m(x * gamma);
  const alpha = m(3n * (x - delta) * (x + delta));
  const x3 = m(alpha * alpha - 8n * beta);
  const z3 = m((y + z) * (y + z) - gamma - delta);
  const y3 = m(alpha * (4n * beta - x3) - 8n * gamma * gamma);
  return [x3, y3, z3];
}

/** Jacobian + affine (madd-2007-bl without the doubling shortcut's cost). */
function addMixed(p: Jacobian, q: Point): Jacobian {
  const [x1, y1, z1] = p;
  if (z1 === 0n) return [q[0], q[1], 1n];
  const z1z1 = m(z1 * z1);
  const u2 = m(q[0] * z1z1);
  const s2 = m(q[1] * m(z1 * z1z1));
  const h = m(u2 - x1);
  const r = m(s2 - y1);
  if (h === 0n) return r === 0n ? double(p) : [0n, 1n, 0n];
  const hh = m(h * h);
  const hhh = m(h * hh);
  const v = m(x1 * hh);
  const x3 = m(r * r - hhh - 2n * v);
  const y3 = m(r * (v - x3) - y1 * hhh);
  return [x3, y3, m(z1 * h)];
}

/** Affine points of Jacobian ones, with one inversion (Montgomery's trick). */
function normalize(points: readonly Jacobian[]): Point[] {
  const prefix: bigint[] = [];
  let acc = 1n;
  for (const p of points) {
    prefix.push(acc);
    acc = m(acc * p[2]);
  }
  let inv_ = inv(acc, P);
  const out: Point[] = new Array<Point>(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    const zi = m(inv_ * prefix[i]!);
    inv_ = m(inv_ * p[2]);
    const zi2 = m(zi * zi);
    out[i] = [m(p[0] * zi2), m(p[1] * m(zi2 * zi))];
  }
  return out;
}

/**
 * k·G (k in 1..n-1) through OpenSSL: its ECDH on the SM2 curve gives the
 * public point of k, with OpenSSL's constant-time ladder (k is the nonce).
 */
function mulG(k: bigint): Point {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(bytes32(k));
  return pointOf(ecdh.getPublicKey());
}

/** 1·Q … (2^w - 1)·Q, affine. */
function multiples(q: Point, w: number): Point[] {
  const small: Jacobian[] = [[q[0], q[1], 1n]];
  for (let j = 2; j < 1 << w; j++) small.push(addMixed(small[small.length - 1]!, q));
  return normalize(small);
}

/** 1·G … 255·G, made once (~255 additions) on the first verification. */
let gMultiples: Point[] | undefined;

/**
 * s·G + t·Q (verification: public scalars and points only), Shamir's trick:
 * one run of doublings shared by t's 4-bit windows and s's 8-bit windows
 * (G's table is kept, so its wider window costs nothing per call).
 */
function mulAdd(s: bigint, t: bigint, q: Point): Jacobian {
  const gt = (gMultiples ??= multiples([GX, GY], 8));
  const qt = multiples(q, 4);
  let acc: Jacobian = [0n, 1n, 0n];
  for (let i = 63; i >= 0; i--) {
    acc = double(double(double(double(acc))));
    const shift = BigInt(4 * i);
    if (i % 2 === 0) {
      const ds = Number((s >> shift) & 255n);
      if (ds !== 0) acc = addMixed(acc, gt[ds - 1]!);
    }
    const dt = Number((t >> shift) & 15n);
    if (dt !== 0) acc = addMixed(acc, qt[dt - 1]!);
  }
  return acc;
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

const inverses = new Map<bigint, bigint>();

/** (1 + d)^-1 mod n, kept for the few keys a terminal signs with. */
function inverseOf(d: bigint): bigint {
  let v = inverses.get(d);
  if (v === undefined) {
    v = inv(1n + d, N);
    if (inverses.size >= 8) inverses.clear();
    inverses.set(d, v);
  }
  return v;
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
  const dInv = inverseOf(d);
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
    const q = pointOf(publicKeyHex);
    // The key must be a point of the curve.
    if (q[0] >= P || q[1] >= P || mod(q[1] * q[1] - (q[0] * q[0] * q[0] + A * q[0] + B), P) !== 0n) return false;
    const sum = mulAdd(s, t, q);
    if (sum[2] === 0n) return false;
    const x = normalize([sum])[0]!;
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
