/**
 * Checks a sale's items and amount before anything is sent.
 *
 * @module
 */
import { RANGES } from '../lib/numbers.js';
import { YibaoError } from '../lib/errors.js';
import { fenToYuan } from '../gateway/money.js';
import { cntText, itemLine, pricText } from '../gateway/quantity.js';
import type { SaleItem } from '../gateway/types.js';
import { boxesOf, missingBatchFields, traceCodesOf } from '../gateway/trace-fields.js';
import { classifyScan } from '../voucher/classify.js';
import { CheckoutError } from './errors.js';

/** Generic line used when the cashier enters only an amount (no item detail). */
export const AMOUNT_ONLY_CODE = 'AMOUNT';

/**
 * Returns the items to settle and their total in fen. With only `amountFen`,
 * one generic line carries the amount; with both, they must agree. A caller
 * may check a basket with it before opening a sale (nothing is used up).
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 *
 * @param items The basket, or none.
 * @param amountFen The total in fen, or none.
 * @throws `CHECKOUT_NO_ITEMS`, `CHECKOUT_BAD_ITEM` or `CHECKOUT_AMOUNT_MISMATCH` when there is nothing to charge, a line is malformed or the totals disagree.
 * @example
 * ```ts
 * import { saleLines } from 'yibao-pos/checkout';
 * const { totalFen } = saleLines([{ code: '6901234567892', qty: 2, priceFen: 1340 }], undefined); // 2680
 * ```
 */
export function saleLines(items: readonly SaleItem[] | undefined, amountFen: number | undefined): { items: SaleItem[]; totalFen: number } {
  const lines = (items ?? []).map((i) => ({ ...i }));
  const sum = lines.reduce((s, i, index) => s + lineFenOf(i, index), 0);
  if (amountFen !== undefined && (!Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen > RANGES.amountFen.max)) {
    throw new CheckoutError('CHECKOUT_BAD_ITEM', { details: { amountFen } });
  }
  if (lines.length === 0) {
    if (amountFen === undefined) throw new CheckoutError('CHECKOUT_NO_ITEMS');
    return { items: [{ code: AMOUNT_ONLY_CODE, name: '药品', qty: 1, priceFen: amountFen }], totalFen: amountFen };
  }
  if (amountFen !== undefined && amountFen !== sum) {
    throw new CheckoutError('CHECKOUT_AMOUNT_MISMATCH', { details: { amountFen, itemsFen: sum, amount: fenToYuan(amountFen), items: fenToYuan(sum) } });
  }
  if (sum <= 0) throw new CheckoutError('CHECKOUT_NO_ITEMS');
  checkTracedLines(lines);
  return { items: lines, totalFen: sum };
}

/**
 * A line with traceability codes must carry its lot, production and expiry
 * dates (3505 requires them): refused with CHECKOUT_TRACE_BATCH_MISSING
 * before any voucher is used.
 *
 * @param items The basket.
 */
export function checkTracedLines(items: readonly SaleItem[]): void {
  items.forEach((item, index) => {
    if (traceCodesOf(item).length === 0) return;
    const missing = missingBatchFields(item);
    if (missing.length > 0) throw new CheckoutError('CHECKOUT_TRACE_BATCH_MISSING', { details: { code: item.code, index, missing } });
  });
}

/**
 * One basket line as the cashier sees it: exact texts and the line's total.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface BasketLine {
  /** The quantity, exact, trailing zeros dropped: `"2"`, `"0.4167"`. */
  qty: string;
  /** The unit price in yuan, exact, at least 2 decimals: `"13.40"`, `"0.558333"`. */
  price: string;
  /** qty × price in fen, rounded half up. */
  fen: number;
}

/**
 * A basket line checked and shown as the sale will send it: quantity and
 * unit price as exact text, and the line total in fen (qty × price, exact,
 * rounded half up to the fen). For a basket view, or to check what a
 * cashier typed before it goes into a sale.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 *
 * @param item A sale line: `code`, `qty` (a number or decimal text, at most 4 decimals) and `priceFen` or an exact `price` text in yuan (at most 6 decimals).
 * @param index The line's position, named in the error's `field`.
 * @throws `CHECKOUT_BAD_ITEM` (details: `code`, and `field` such as `items[0].qty` or `items[0].price`) for a bad line.
 * @example
 * ```ts
 * import { basketLine } from 'yibao-pos/checkout';
 * basketLine({ code: '6901234567892', qty: '0.5', price: '13.4' }); // { qty: '0.5', price: '13.40', fen: 670 }
 * ```
 */
export function basketLine(item: Pick<SaleItem, 'code' | 'qty' | 'priceFen' | 'price'>, index = 0): BasketLine {
  if (!item.code) throw new CheckoutError('CHECKOUT_BAD_ITEM', { details: { code: item.code } });
  try {
    const { cnt, pric, fen } = itemLine(item, index);
    return { qty: cntText(cnt), price: pricText(pric), fen };
  } catch (err) {
    if (!YibaoError.is(err)) throw err;
    throw new CheckoutError('CHECKOUT_BAD_ITEM', { details: { code: item.code, ...err.details } });
  }
}

/** The line total in fen (see `basketLine`). Throws CHECKOUT_BAD_ITEM for a bad line. */
export const lineFenOf = (item: SaleItem, index = 0): number => basketLine(item, index).fen;

/** Drug traceability codes (药品追溯码) are 20 digits; they tag an item, they are not one. */
export const isTraceCode = (code: string): boolean => classifyScan(code, { national: false }) === 'trace';

/**
 * Tags the first item that still has a box without a traceability code (one
 * code per box: a line of 3 boxes takes 3); false when none is left. The
 * same code scanned again is taken once.
 */
export function attachTraceCode(items: SaleItem[], code: string): boolean {
  if (items.some((i) => traceCodesOf(i).includes(code))) return true;
  const open = items.find((i) => traceCodesOf(i).length < boxesOf(i));
  if (!open) return false;
  const codes = [...traceCodesOf(open), code];
  open.traceCode = codes[0];
  open.traceCodes = codes;
  return true;
}
