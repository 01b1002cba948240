/**
 * Drug traceability codes (药品追溯码) on the sale messages: the codes of a
 * line, and the trace-count fields of 2101/2102 `druginfo`. Pure.
 *
 * @module
 */
import type { SaleItem } from './types.js';

export { TRACE_CODE } from '../voucher/classify.js';

/** Every trace code scanned for a line (`traceCodes`, else the single `traceCode`). */
export function traceCodesOf(item: SaleItem): string[] {
  if (item.traceCodes && item.traceCodes.length > 0) return [...item.traceCodes];
  return item.traceCode !== undefined ? [item.traceCode] : [];
}

/** How many boxes a line is: one trace code per started box (a part pack, 拆零, still has its box's code). */
export const boxesOf = (item: SaleItem): number => Math.max(1, Math.ceil(Number(item.qty)));

/**
 * A split sale (拆零, `trdn_flag` 1): the line is sold in another unit than
 * its pack (`saleUnit` differs from `packUnit`), or says so (`partPack`,
 * e.g. `10/24片` for ten tablets at a per-tablet price), or sells a fraction
 * of a pack. A whole quantity does not make a whole-pack sale: ten tablets
 * are a quantity of 10.
 */
export function isSplitSale(item: SaleItem): boolean {
  if (item.partPack !== undefined && item.partPack !== '') return true;
  if (item.packUnit && item.saleUnit && item.packUnit !== item.saleUnit) return true;
  return !Number.isInteger(Number(item.qty));
}

/** `YYYY-MM-DD` that is a real calendar day. */
export function isDay(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** What a traced line lacks of what 3505 asks (lot, production and expiry dates), by field name; empty when complete. */
export function missingBatchFields(item: SaleItem): Array<'lot' | 'madeOn' | 'expiresOn'> {
  const missing: Array<'lot' | 'madeOn' | 'expiresOn'> = [];
  if (typeof item.lot !== 'string' || item.lot === '' || item.lot.length > 30) missing.push('lot');
  if (!isDay(item.madeOn)) missing.push('madeOn');
  if (!isDay(item.expiresOn)) missing.push('expiresOn');
  return missing;
}

/** `fixmedins_bchno`: the stock batch serial, else the lot (at most 30 characters). */
export const stockBatchOf = (item: SaleItem): string => (item.stockBatch ?? item.lot ?? '').slice(0, 30);

/**
 * `min_prcunt_type` of a `drug_trac_info` node: 2 when the code is sold with
 * its whole pack (the one public client that fills it sends 2 for a scanned
 * whole pack), 1 when the pack is split.
 */
export const minPrcuntType = (item: SaleItem): '1' | '2' => (isSplitSale(item) ? '1' : '2');

/** One node of `drug_trac_info` (2101/2102): a code, its line and how the line is sold. */
export interface DrugTracNode {
  feedetl_sn: string;
  drug_trac_codg: string;
  trdn_flag: '0' | '1';
  min_prcunt_type: '1' | '2';
}

/** `drug_trac_info` of a sale: one node per trace code, naming its `drugdetail` line by `feedetl_sn`. */
export function drugTracInfo(items: readonly SaleItem[], feedetlSn: (index: number) => string): DrugTracNode[] {
  return items.flatMap((item, i) =>
    traceCodesOf(item).map((code) => ({ feedetl_sn: feedetlSn(i), drug_trac_codg: code, trdn_flag: isSplitSale(item) ? '1' : '0', min_prcunt_type: minPrcuntType(item) }) as DrugTracNode),
  );
}

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
