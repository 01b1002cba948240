/**
 * Decimal quantities and prices of a sale line, exact (no floating point).
 * The interface gives `cnt` 16,4 and `pric` 16,6: a part pack (拆零, 10
 * tablets of a box of 24) is sold either as a fraction of the pack or per
 * tablet at a six-decimal price. Both are held as scaled BigInts: `cnt` in
 * 1/10000 units, `pric` in 1/1000000 yuan.
 *
 * Line total rule: `det_item_fee_sumamt` = cnt × pric, computed exactly,
 * rounded to the fen half up (四舍五入: 0.005 yuan and above goes up). The
 * sale total is the sum of the rounded lines.
 *
 * @module
 */
import { GatewayError } from './errors.js';

const CNT = /^(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,4}))?$/;
const PRIC = /^(0|[1-9][0-9]{0,9})(?:\.([0-9]{1,6}))?$/;

function invalid(field: string, value: unknown, reason: string): GatewayError {
  const shown = typeof value === 'string' ? value.slice(0, 32) : String(value);
  return new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field, value: shown, reason } });
}

/** Shortest text of a number (exact for the decimals a person types), or the string itself. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return Object.is(value, -0) ? '0' : String(value);
  return undefined;
}

function scaled(text: string, re: RegExp, places: number): bigint | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  return BigInt(m[1]!) * 10n ** BigInt(places) + BigInt((m[2] ?? '').padEnd(places, '0'));
}

/**
 * `cnt` in 1/10000 units; a positive amount with at most 4 decimals.
 *
 * @param value A quantity: a number or decimal text, above 0, at most 4 decimals.
 * @param field The field named in the error (default `cnt`).
 */
export function parseCnt(value: unknown, field = 'cnt'): bigint {
  const text = textOf(value);
  const v = text === undefined ? undefined : scaled(text, CNT, 4);
  if (v === undefined || v <= 0n) throw invalid(field, value, 'a positive quantity with at most 4 decimals');
  return v;
}

/**
 * `pric` in 1/1000000 yuan; not negative, at most 6 decimals.
 *
 * @param value A unit price in yuan: a number or decimal text, at most 6 decimals.
 * @param field The field named in the error (default `pric`).
 */
export function parsePric(value: unknown, field = 'pric'): bigint {
  const text = textOf(value);
  const v = text === undefined ? undefined : scaled(text, PRIC, 6);
  if (v === undefined) throw invalid(field, value, 'yuan with at most 6 decimals, not negative');
  return v;
}

/** Price in 1/1000000 yuan of integer fen. */
export const fenToPric = (fen: number): bigint => BigInt(fen) * 10_000n;

/** cnt × pric rounded to the fen, half up. */
export function lineFen(cnt: bigint, pric: bigint): number {
  // cnt·10^4 × pric·10^6 = yuan·10^10 = fen·10^8.
  const product = cnt * pric;
  const fen = (product + 50_000_000n) / 100_000_000n;
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('det_item_fee_sumamt', String(fen), 'amount too large');
  return Number(fen);
}

function decimalText(v: bigint, places: number): string {
  const unit = 10n ** BigInt(places);
  const frac = (v % unit).toString().padStart(places, '0').replace(/0+$/, '');
  return frac === '' ? (v / unit).toString() : `${v / unit}.${frac}`;
}

/**
 * `"10"`, `"0.4167"`.
 *
 * @param cnt A quantity from `parseCnt` (ten-thousandths).
 */
export const cntText = (cnt: bigint): string => decimalText(cnt, 4);
/**
 * `"13.4"`, `"0.558333"` (trailing zeros dropped); at least 2 decimals for whole fen: `"13.40"`.
 *
 * @param pric A unit price from `parsePric` (millionths of a yuan).
 */
export function pricText(pric: bigint): string {
  const t = decimalText(pric, 6);
  const dot = t.indexOf('.');
  if (dot < 0) return `${t}.00`;
  return t.length - dot - 1 < 2 ? t.padEnd(dot + 3, '0') : t;
}

/**
 * Whether a quantity is a whole number of units.
 *
 * @param cnt A quantity from `parseCnt`.
 */
export const isWhole = (cnt: bigint): boolean => cnt % 10_000n === 0n;

/**
 * The line of a sale item: its exact cnt and pric, and the rounded total in fen.
 *
 * @param item A sale line: `qty` and `priceFen` or an exact `price` text.
 * @param index The line's position, named in errors.
 */
export function itemLine(item: { qty: number | string; priceFen?: number; price?: string }, index = 0): { cnt: bigint; pric: bigint; fen: number } {
  const cnt = parseCnt(item.qty, `items[${index}].qty`);
  let pric: bigint;
  if (item.price !== undefined) pric = parsePric(item.price, `items[${index}].price`);
  else if (typeof item.priceFen === 'number' && Number.isSafeInteger(item.priceFen) && item.priceFen >= 0) pric = fenToPric(item.priceFen);
  else throw invalid(`items[${index}].priceFen`, item.priceFen, 'integer fen, not negative');
  return { cnt, pric, fen: lineFen(cnt, pric) };
}
