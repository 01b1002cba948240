/**
 * Numeric options checked where they enter the library or the CLI: a NaN,
 * an infinity, a negative or an absurd value is a typed configuration error
 * at once, never a check that silently switches off (`NaN` compares false
 * with everything, so `now > exp + NaN` lets any voucher through).
 * Browser-safe: the voucher checks use it.
 *
 * @module
 */
import { defineErrors } from './errors.js';

/**
 * The error a numeric option is refused with: `CONFIG_OPTION_INVALID`,
 * `details` naming the option, the value given and the accepted range.
 * The CLI exits 2 on it, like every `CONFIG_*` code.
 *
 * Exported from `yibao-pos`.
 *
 * @example
 * ```ts
 * import { OptionError, verifyVoucher } from 'yibao-pos';
 * try {
 *   await verifyVoucher(qrText, { trust, skewSec: Number.NaN });
 * } catch (err) {
 *   if (OptionError.is(err)) console.error(err.details.option); // 'skewSec'
 * }
 * ```
 */
export const OptionError = defineErrors('OptionError', {
  CONFIG_OPTION_INVALID: {
    zh: '配置中的数值不正确（非数字、无穷、负数或超出范围），请按说明修正',
    en: 'A numeric option is invalid (not a number, infinite, negative or out of range); correct the option named in the details',
  },
});
/** An instance of {@link OptionError}. Exported from `yibao-pos`. */
export type OptionError = InstanceType<typeof OptionError>;

/** The range a numeric option must fall in. */
export interface NumberRange {
  min: number;
  max: number;
  /** Whole numbers only (default true). */
  integer?: boolean;
}

/** `value` when it is a finite number within `range`; otherwise CONFIG_OPTION_INVALID naming `option`. */
export function checkNumber(option: string, value: unknown, range: NumberRange): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= range.min &&
    value <= range.max &&
    (range.integer === false || Number.isInteger(value));
  if (!ok) {
    throw new OptionError('CONFIG_OPTION_INVALID', {
      details: { option, value: typeof value === 'number' ? String(value) : typeof value, min: range.min, max: range.max, integer: range.integer !== false },
    });
  }
  return value;
}

/** `fallback` when `value` is undefined, else `value` checked as {@link checkNumber} does. */
export function optionalNumber(option: string, value: unknown, range: NumberRange, fallback: number): number;
export function optionalNumber(option: string, value: unknown, range: NumberRange): number | undefined;
export function optionalNumber(option: string, value: unknown, range: NumberRange, fallback?: number): number | undefined {
  return value === undefined ? fallback : checkNumber(option, value, range);
}

/** The ranges the SDK accepts, one home for each. */
export const RANGES = {
  /** Timeouts and intervals, milliseconds: 1 ms to one day. */
  timeoutMs: { min: 1, max: 86_400_000 },
  /** A TCP port; 0 asks for any free one. */
  port: { min: 0, max: 65_535 },
  /** An amount in fen: up to 100 million yuan, far above any pharmacy sale. */
  amountFen: { min: 0, max: 10_000_000_000 },
  /** A size limit in bytes: 1 byte to 1 GiB. */
  bytes: { min: 1, max: 1 << 30 },
  /** Tries, attempts, counts. */
  count: { min: 1, max: 1000 },
} as const satisfies Record<string, NumberRange>;
