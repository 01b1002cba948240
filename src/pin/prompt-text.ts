/**
 * What a PIN pad shows the payer: the amount in yuan (exact, from integer
 * fen) and the masked name, cleaned so that a voucher's text can never move
 * the cursor or inject control sequences into a terminal or a pad's line.
 *
 * @module
 */
import type { Timer } from '../lib/timer.js';
import { yuanText } from '../lib/money.js';

/** Integer fen as a decimal yuan string, exactly: 2680 → "26.80". */
export function yuanOf(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new TypeError('amountFen must be a non-negative integer of fen');
  return yuanText(amountFen);
}

/**
 * The voucher's masked name (`nm`, already masked by the issuer) without
 * control characters or whitespace, at most 16 characters; `-` when absent.
 */
export function shownName(name: string | undefined): string {
  if (name === undefined) return '-';
  const clean = Array.from(name.replace(/[\p{C}\p{Z}]/gu, '')).slice(0, 16).join('');
  return clean === '' ? '-' : clean;
}

/**
 * The PIN pads' timer: the one `Timer` (src/lib/timer.ts).
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 *
 * @deprecated Use `Timer`; kept so code that names it still compiles.
 */
export type PinTimer = Timer;

/**
 * The default time the payer has (per key on the terminal, per prompt on a pad).
 */
export const DEFAULT_PIN_TIMEOUT_MS = 60_000;
