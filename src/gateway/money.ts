/**
 * Exact money conversion at the gateway wire: integer fen inside, decimal
 * yuan (`"26.80"`, or a JSON number like `26.8`) outside. No floating point
 * arithmetic: numbers go through their shortest round-trip text, so `26.8`
 * is 2680 fen and `0.1 + 0.2` (`0.30000000000000004`) is refused.
 *
 * @module
 */
import { yuanText } from '../lib/money.js';
import { GatewayError } from './errors.js';

/** Up to 2 decimals; no sign, spaces, exponent, or leading zeros. */
const YUAN = /^(-?)(0|[1-9][0-9]{0,12})(?:\.([0-9]{1,2}))?$/;

/**
 * Options of `yuanToFen`.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface YuanOptions {
  /** Accept a leading minus (a refund in an answer). Default false. */
  signed?: boolean;
}

function invalid(value: unknown): GatewayError {
  // The value is not secret; its type and a short form help the integrator.
  const shown = typeof value === 'string' ? value.slice(0, 32) : String(value);
  return new GatewayError('GATEWAY_AMOUNT_INVALID', { details: { value: shown, type: typeof value } });
}

/**
 * Fen of a yuan amount: `'26.8'`, `'26.80'`, `26.8`, `0.01`, `99999999.99`.
 * Throws `GATEWAY_AMOUNT_INVALID` for a negative (unless `signed`), more than
 * two decimals, an exponent, spaces, '', NaN, Infinity or anything else.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 *
 * @param value Yuan as a decimal string (at most two decimals) or a number.
 * @param options `signed`: accept a leading minus (a refund in an answer).
 *
 * @example
 * ```ts
 * import { yuanToFen } from 'yibao-pos/gateway';
 * yuanToFen('13.40'); // 1340
 * yuanToFen('-2.00', { signed: true }); // -200
 * ```
 */
export function yuanToFen(value: string | number, options: YuanOptions = {}): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(value);
    text = Object.is(value, -0) ? '0' : String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    throw invalid(value);
  }
  const m = YUAN.exec(text);
  if (!m) throw invalid(value);
  const negative = m[1] === '-';
  if (negative && !options.signed) throw invalid(value);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw invalid(value);
  return negative && fen !== 0 ? -fen : fen;
}

/**
 * `'26.80'` for 2680, `'-0.50'` for -50. Throws for a non-integer or unsafe fen.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 *
 * @param fen An integer amount in fen.
 *
 * @example
 * ```ts
 * import { fenToYuan } from 'yibao-pos/gateway';
 * fenToYuan(1340); // '13.40'
 * ```
 */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw invalid(fen);
  return yuanText(fen);
}
