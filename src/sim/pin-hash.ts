/**
 * The ledger keeps a salted hash of each test PIN, never the PIN. SHA-256
 * with a per-credential salt is enough for a simulator (a real gateway would
 * use a slow KDF in an HSM); it keeps 128 concurrent settlements fast.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function hashPin(pin: string, salt = randomBytes(16).toString('hex')): { salt: string; hash: string } {
  return { salt, hash: createHash('sha256').update(`${salt}:${pin}`).digest('hex') };
}

export function pinMatches(pin: string, salt: string, hash: string): boolean {
  const got = Buffer.from(hashPin(pin, salt).hash, 'hex');
  const want = Buffer.from(hash, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}
