/**
 * Offline voucher verification, voucher.md section 2, checks in order; the
 * first failing check names the refusal. Browser-safe: jose + WebCrypto only.
 *
 * @module
 */
import { decodeSegment, decodeSegmentText } from './base64url.js';
import { readClaims } from './claims.js';
import { VoucherError, type VoucherErrorCode } from './errors.js';
import { optionalNumber } from '../lib/numbers.js';
import { isHighS } from './low-s.js';
import { signatureValid } from './signature.js';
import { parseStrictJson } from './strict-json.js';
import type { TrustedKey, VerifiedVoucher, VerifyOptions, VoucherAlg } from './types.js';

// The prefix is one fact of what a scan is: it lives with classifyScan.
import { VOUCHER_PREFIX } from './classify.js';
export { VOUCHER_PREFIX };
/**
 * The longest QR text accepted; longer ones are refused before any parsing.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @example
 * ```ts
 * import { MAX_QR_BYTES } from 'yibao-pos/voucher';
 * if (new TextEncoder().encode(text).length > MAX_QR_BYTES) console.warn('not a voucher');
 * ```
 */
export const MAX_QR_BYTES = 512;
/**
 * The longest voucher lifetime (`exp - iat`, seconds) accepted.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @example
 * ```ts
 * import { MAX_LIFETIME_SEC } from 'yibao-pos/voucher';
 * console.log(`codes live at most ${MAX_LIFETIME_SEC} s`);
 * ```
 */
export const MAX_LIFETIME_SEC = 60;
/**
 * The clock skew allowed by default when checking `iat`/`exp` (seconds).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @example
 * ```ts
 * import { verifyVoucher, DEFAULT_SKEW_SEC } from 'yibao-pos/voucher';
 * await verifyVoucher(qrText, { trust, skewSec: DEFAULT_SKEW_SEC * 2 });
 * ```
 */
export const DEFAULT_SKEW_SEC = 10;
/**
 * How long a used code is remembered past its own `exp`: one fixed, generous
 * window, the same for every process on the record whatever its skew, and
 * counted from the tokens' own times, not from a clock that can jump. A skew
 * is capped well below it, so a code can never outlive its record.
 */
export const REPLAY_RETENTION_SEC = 24 * 3600;
export const MAX_SKEW_SEC = 3600;

/**
 * A voucher clock skew option, checked: `DEFAULT_SKEW_SEC` when undefined,
 * else a whole number of seconds from 0 to `MAX_SKEW_SEC`; anything else
 * (NaN, ±Infinity, negative, fractional, larger) is CONFIG_OPTION_INVALID.
 */
export function checkSkewSec(skewSec: unknown, option = 'skewSec'): number {
  return optionalNumber(option, skewSec, { min: 0, max: MAX_SKEW_SEC }, DEFAULT_SKEW_SEC);
}

const HEADER_FIELDS = ['alg', 'kid', 'typ'];

const refuse = (code: VoucherErrorCode, details?: Record<string, unknown>): never => {
  throw new VoucherError(code, details ? { details } : {});
};

function parseObject(segment: string): Record<string, unknown> | undefined {
  const text = decodeSegmentText(segment);
  if (text === undefined) return undefined;
  try {
    const v = parseStrictJson(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

type Header = { alg: VoucherAlg; kid: string };

/**
 * Headers already read, by their exact segment text: every code a wallet key
 * draws carries the same header, so it is decoded and checked once, not per
 * scan. Bounded: emptied when full (a flood of forged headers costs a re-read).
 */
const headers = new Map<string, Header | 'bad' | undefined>();
const HEADER_CACHE_SIZE = 64;

/** Step 2 on one header segment: undefined when it is not a JSON object, 'bad' when its fields are wrong. */
function readHeader(segment: string): Header | 'bad' | undefined {
  if (headers.has(segment)) return headers.get(segment);
  const read = checkHeader(parseObject(segment));
  if (headers.size >= HEADER_CACHE_SIZE) headers.clear();
  headers.set(segment, read);
  return read;
}

function checkHeader(header: Record<string, unknown> | undefined): Header | 'bad' | undefined {
  if (!header) return undefined;
  const fields = Object.keys(header);
  if (fields.length !== HEADER_FIELDS.length || !HEADER_FIELDS.every((f) => fields.includes(f))) return 'bad';
  const { alg, kid, typ } = header;
  if ((alg !== 'ES256' && alg !== 'EdDSA') || typeof kid !== 'string' || kid.length === 0 || typ !== 'ybv+jwt') return 'bad';
  return { alg, kid };
}

/** Step 4 guards beyond jose: raw r||s of 64 bytes, neither half zero, `s` canonical (low: one voucher, one text). */
function signatureShapeOk(sig: Uint8Array, alg: VoucherAlg): boolean {
  if (sig.length !== 64) return false;
  if (alg === 'EdDSA') return true;
  let r = 0;
  let s = 0;
  for (let i = 0; i < 32; i++) {
    r |= sig[i]!;
    s |= sig[32 + i]!;
  }
  return r !== 0 && s !== 0 && !isHighS(sig);
}

const NodeBuffer = (globalThis as { Buffer?: { byteLength(text: string, encoding: 'utf8'): number } }).Buffer;

/** UTF-8 length of a string, without encoding it (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder writes them). */
function utf8Length(text: string): number {
  // Node counts natively (the same rule for lone surrogates); browsers count here.
  if (NodeBuffer) return NodeBuffer.byteLength(text, 'utf8');
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: 4 bytes for 2 units
      i++;
    } else n += 2;
  }
  return n;
}

/**
 * Verifies a scanned QR text. Resolves to the typed claims, or rejects with a
 * VoucherError whose `code` names the first failing check.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @param qrText The scanned QR text (`YBV1:` followed by the signed token).
 * @param options The verified trust list, and optionally a replay guard, clock, skew and use.
 *
 * @example
 * ```ts
 * import { verifyVoucher, verifyTrustList } from 'yibao-pos/voucher';
 * const trust = await verifyTrustList(trustJws, rootPublicJwk);
 * const v = await verifyVoucher(qrText, { trust, use: 'pay' });
 * console.log(v.claims.sub, v.claims.reg);
 * ```
 */
export async function verifyVoucher(qrText: string, options: VerifyOptions): Promise<VerifiedVoucher> {
  // 1. Size before anything else, then prefix and three canonical segments.
  if (typeof qrText !== 'string') return refuse('VOUCHER_MALFORMED');
  if (qrText.length > MAX_QR_BYTES || utf8Length(qrText) > MAX_QR_BYTES) return refuse('VOUCHER_TOO_LONG');
  if (!qrText.startsWith(VOUCHER_PREFIX)) return refuse('VOUCHER_MALFORMED');
  const parts = qrText.slice(VOUCHER_PREFIX.length).split('.');
  if (parts.length !== 3) return refuse('VOUCHER_MALFORMED');
  const [h, p, s] = parts as [string, string, string];
  const signature = decodeSegment(s);
  const header = readHeader(h);
  const payload = parseObject(p);
  if (!signature || header === undefined || !payload) return refuse('VOUCHER_MALFORMED');

  // 2. Header: exactly alg, kid, typ; no embedded keys, crit or b64.
  if (header === 'bad') return refuse('VOUCHER_BAD_HEADER');
  const { alg, kid } = header;

  // 3. Key from the trust list alone.
  const { trust } = options;
  // Date.now, not lib/clock's systemClock: that module pulls node:crypto into browser bundles.
  const clock = options.clock ?? Date.now;
  // A NaN skew would make every time comparison false and switch the window off: refused, like any bad number.
  const skew = checkSkewSec(options.skewSec);
  const now = Math.floor(clock() / 1000);
  const key: TrustedKey | undefined = trust.keys.find((k) => k.kid === kid);
  if (!key) return refuse('VOUCHER_UNKNOWN_KEY');
  if (trust.revoked.includes(kid)) return refuse('VOUCHER_KEY_REVOKED');
  if ((key.nbf !== undefined && now < key.nbf) || (key.exp !== undefined && now >= key.exp)) return refuse('VOUCHER_KEY_EXPIRED');
  if (payload.iss !== key.iss) return refuse('VOUCHER_ISSUER_MISMATCH');
  if (key.alg !== alg) return refuse('VOUCHER_BAD_SIGNATURE');

  // 4. Signature with the key's own algorithm only.
  if (!signatureShapeOk(signature, key.alg)) return refuse('VOUCHER_BAD_SIGNATURE');
  let valid: boolean;
  try {
    const v = signatureValid(key, key.alg, h, p, s, signature);
    valid = typeof v === 'boolean' ? v : await v;
  } catch {
    valid = false; // a key that cannot be imported verifies nothing
  }
  if (!valid) return refuse('VOUCHER_BAD_SIGNATURE');

  // 5. Claims: types, lifetime, time window.
  const claims = readClaims(payload);
  if (!claims) return refuse('VOUCHER_BAD_CLAIMS');
  if (claims.exp < claims.iat || claims.exp - claims.iat > MAX_LIFETIME_SEC) return refuse('VOUCHER_BAD_LIFETIME');
  if (now > claims.exp + skew) return refuse('VOUCHER_EXPIRED');
  if (now < claims.iat - skew) return refuse('VOUCHER_NOT_YET_VALID');

  // 6. Frozen credential: the holder's, and on a family-account code the guardian's phone it was drawn on.
  if (trust.frozen.includes(claims.sub)) return refuse('VOUCHER_FROZEN');
  if (claims.act && trust.frozen.includes(claims.act.sub)) return refuse('VOUCHER_FROZEN', { frozen: 'act.sub' });

  // 7. Use fits the operation: settlement needs a pay code.
  if ((options.use ?? 'pay') === 'pay' && claims.use !== 'pay') return refuse('VOUCHER_WRONG_USE');

  // 8. One-time jti, recorded only once every other check has passed.
  if (options.replayGuard) {
    let fresh: boolean;
    try {
      // Kept REPLAY_RETENTION_SEC past exp; pruning is driven by the newest code's exp (its "now"), not the clock.
      const f = options.replayGuard.checkAndRecord(claims.jti, claims.exp + REPLAY_RETENTION_SEC, claims.exp);
      fresh = typeof f === 'boolean' ? f : await f;
    } catch (cause) {
      throw new VoucherError('VOUCHER_REPLAY_STORE', { cause });
    }
    if (!fresh) return refuse('VOUCHER_REPLAYED');
  }
  return { qrText, claims, kid, alg };
}
