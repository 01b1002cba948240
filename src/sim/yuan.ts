/**
 * Exact yuan ↔ fen at the simulator's wire (no floating point arithmetic):
 * accepts `"26.80"`, `"26.8"`, `26.8`, `26`; refuses negatives, more than two
 * decimals, exponents and anything not a plain decimal.
 *
 * @module
 */

const DECIMAL = /^(0|[1-9][0-9]{0,9})(?:\.([0-9]{1,2}))?$/;

/** Fen of a wire amount, or undefined when it is not a valid non-negative amount. */
export function parseYuan(value: unknown): number | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    // Shortest round-trip form: 0.1 + 0.2 gives "0.30000000000000004" and is refused below.
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return undefined;
  }
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** `"26.80"` for 2680; negative amounts keep their sign. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
