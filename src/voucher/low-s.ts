/**
 * Canonical ES256 signatures. An ECDSA signature (r, s) has a twin
 * (r, n − s) that verifies just as well, so one voucher could be shown as two
 * different texts. Only the low half (s ≤ n/2, as Bitcoin's BIP 62 and
 * Ethereum's EIP-2 require) is accepted; issuers sign in that form.
 * Browser-safe: bigint arithmetic only.
 *
 * @module
 */

/** The order of the P-256 group. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_N = P256_N >> 1n;

const toBigInt = (bytes: Uint8Array): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

function toBytes32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** n/2 as 32 big-endian bytes: `s` is compared to it byte by byte (bigint arithmetic per scan cost more than the rest of the checks). */
const HALF_N_BYTES = toBytes32(HALF_N);

/** True when the raw r||s signature's `s` is in the upper half of the group (the non-canonical twin). */
export function isHighS(rawSignature: Uint8Array): boolean {
  if (rawSignature.length !== 64) return false;
  for (let i = 0; i < 32; i++) {
    const d = rawSignature[32 + i]! - HALF_N_BYTES[i]!;
    if (d !== 0) return d > 0;
  }
  return false; // s = n/2 exactly: low
}

/** The canonical (low-s) form of a raw r||s signature: unchanged when already low. */
export function toLowS(rawSignature: Uint8Array): Uint8Array {
  if (!isHighS(rawSignature)) return rawSignature;
  const out = new Uint8Array(64);
  out.set(rawSignature.subarray(0, 32), 0);
  out.set(toBytes32(P256_N - toBigInt(rawSignature.subarray(32))), 32);
  return out;
}
