/**
 * Integer fen as decimal yuan text, exactly (no floating point): the one
 * place that formats money. Callers check their input first and refuse it
 * with their own area's error (the gateway's GATEWAY_AMOUNT_INVALID, the PIN
 * pad's TypeError). Private (src/lib).
 *
 * @module
 */

/** `'26.80'` for 2680, `'-0.50'` for -50; `fen` must be a safe integer (checked by the caller). */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
