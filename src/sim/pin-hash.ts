/**
 * The ledger keeps a PIN verifier for each credential, never the PIN: scrypt
 * (node:crypto) with a per-credential salt, so a copied ledger does not give
 * up a 6-digit PIN in a second as a salted SHA-256 did. Verifiers written
 * before are wrapped once (`scrypt-sha256`: scrypt over the old SHA-256), so
 * an old ledger is migrated without knowing any PIN.
 *
 *     scrypt:<N>:<r>:<p>:<hex>          scrypt(pin, salt)
 *     scrypt-sha256:<N>:<r>:<p>:<hex>   scrypt(sha256(salt:pin), salt)
 *
 * @module
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** 2^10 × 8 × 1: 1 MiB and a few milliseconds per check (in the thread pool), thousands of times a salted SHA-256: the PINs of a copied ledger take hours, not a second, and a settlement stays well inside a client timeout of 300 ms. */
const N = 1 << 10;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const MAXMEM = 64 * 1024 * 1024;

const legacySha256 = (pin: string, salt: string): string => createHash('sha256').update(`${salt}:${pin}`).digest('hex');

function derive(secret: string, salt: string, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, KEY_BYTES, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A new verifier for `pin` (salt random unless given). */
export async function hashPin(pin: string, salt = randomBytes(16).toString('hex')): Promise<{ salt: string; hash: string }> {
  return { salt, hash: `scrypt:${N}:${R}:${P}:${(await derive(pin, salt, N, R, P)).toString('hex')}` };
}

/** True when `pin` matches the stored verifier. */
export async function pinMatches(pin: string, salt: string, hash: string): Promise<boolean> {
  const [kind, n, r, p, hex] = hash.split(':');
  if ((kind !== 'scrypt' && kind !== 'scrypt-sha256') || hex === undefined) return false;
  const secret = kind === 'scrypt' ? pin : legacySha256(pin, salt);
  const got = await derive(secret, salt, Number(n), Number(r), Number(p));
  const want = Buffer.from(hex, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** True for a verifier of the old shape (a bare SHA-256 in hex). */
export const isLegacyVerifier = (hash: string): boolean => /^[0-9a-f]{64}$/.test(hash);

/** The old SHA-256 verifier wrapped in scrypt (synchronous: run once, at open, over a few rows). */
export function wrapLegacyVerifier(salt: string, sha256Hex: string): string {
  return `scrypt-sha256:${N}:${R}:${P}:${scryptSync(sha256Hex, salt, KEY_BYTES, { N, r: R, p: P, maxmem: MAXMEM }).toString('hex')}`;
}
