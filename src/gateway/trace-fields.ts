/**
 * Drug traceability codes (药品追溯码) on the sale messages: the codes of a
 * line, and the trace-count fields of 2101/2102 `druginfo`. Pure.
 *
 * @module
 */
import type { SaleItem } from './types.js';

/**
 * A drug traceability code: 20 digits.
 *
 * Exported from `yibao-pos`.
 * @example
 * ```ts
 * import { TRACE_CODE } from 'yibao-pos';
 * TRACE_CODE.test('81234567890123456789'); // true
 * ```
 */
export const TRACE_CODE = /^\d{20}$/;

/** Every trace code scanned for a line (`traceCodes`, else the single `traceCode`). */
export function traceCodesOf(item: SaleItem): string[] {
  if (item.traceCodes && item.traceCodes.length > 0) return [...item.traceCodes];
  return item.traceCode !== undefined ? [item.traceCode] : [];
}

/** How many boxes a line is: one trace code per started box (a part pack, 拆零, still has its box's code). */
export const boxesOf = (item: SaleItem): number => Math.max(1, Math.ceil(Number(item.qty)));

/** A part pack (拆零): a quantity that is not a whole number of boxes. */
export const isPartPack = (item: SaleItem): boolean => !Number.isInteger(Number(item.qty));

/** `drug_trac_codg` of a `drugdetail` line: the line's codes, comma-separated, or undefined without any. */
export function drugTracCodg(item: SaleItem): string | undefined {
  const codes = traceCodesOf(item);
  return codes.length > 0 ? codes.join(',') : undefined;
}

/**
 * The trace-count fields of `druginfo`: `minpacunt_drug_trac_cnt` (minimum-pack
 * drug trace codes this sale uploads) and `mcs_trac_cnt` (consumables: none sold here).
 */
export function traceCounts(items: readonly SaleItem[]): { minpacunt_drug_trac_cnt: number; mcs_trac_cnt: number } {
  return { minpacunt_drug_trac_cnt: items.reduce((n, i) => n + traceCodesOf(i).length, 0), mcs_trac_cnt: 0 };
}
