/**
 * What a scanned text is, decided in one place: an offline voucher
 * (`YBV1:` + JWS, voucher.md), a national voucher code (28 digits, decoded
 * online by the platform), a drug traceability code (20 digits, 药品追溯码)
 * or an item code. Pure, no imports: scanners, the camera, the checkout and
 * the gateway's codecs all read the prefix and the patterns from here.
 *
 * @module
 */

/**
 * The text every voucher QR code starts with (`YBV1:`, voucher.md).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @example
 * ```ts
 * import { VOUCHER_PREFIX } from 'yibao-pos/voucher';
 * const looksLikeVoucher = (text: string) => text.startsWith(VOUCHER_PREFIX);
 * ```
 */
export const VOUCHER_PREFIX = 'YBV1:';

/**
 * The national numeric code: 28 digits, the last 6 the region of the holder's insurance (public sample `4243754826492874240001130000`).
 */
export const NATIONAL_CODE_PATTERN = /^\d{28}$/;

/**
 * A drug traceability code: 20 digits.
 */
export const TRACE_CODE = /^\d{20}$/;

/**
 * What a scanned text is: `voucher` (`YBV1:`), `national` (a national voucher code), `trace` (a traceability code) or `item`.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export type ScanClass = 'voucher' | 'national' | 'trace' | 'item';

/**
 * Which texts count as national codes: a pattern (default 28 digits, `^\d{28}$`), or `false` for none.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export interface ClassifyOptions {
  national?: RegExp | false;
}

/** A pattern tested from its start whatever its flags (a `g` or `y` RegExp keeps `lastIndex` between calls). */
function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/**
 * Classifies one scanned text. The voucher prefix wins, then the national
 * pattern (a voucher, never an item: it must not be sold as a drug), then
 * the 20-digit traceability code; anything else is an item code.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @param text The scanned text.
 * @param options `national`: which texts are national voucher codes (a pattern, or `false` for none).
 * @example
 * ```ts
 * import { classifyScan } from 'yibao-pos/voucher';
 * classifyScan('4243754826492874240001130000'); // 'national'
 * classifyScan('81234567890123456789'); // 'trace'
 * classifyScan('6901234567892'); // 'item'
 * ```
 */
export function classifyScan(text: string, options: ClassifyOptions = {}): ScanClass {
  if (text.startsWith(VOUCHER_PREFIX)) return 'voucher';
  const national = options.national ?? NATIONAL_CODE_PATTERN;
  if (national !== false && matches(national, text)) return 'national';
  if (TRACE_CODE.test(text)) return 'trace';
  return 'item';
}

/**
 * The `kind` of a scan or a decoded code: `voucher` when the text starts with `YBV1:`, else `item`.
 */
export type ScanKind = 'voucher' | 'item';

/** A scan's `kind` (what drivers report before any terminal setting applies): an offline voucher, or not. */
export function scanKind(text: string): ScanKind {
  return classifyScan(text, { national: false }) === 'voucher' ? 'voucher' : 'item';
}
