/**
 * Capped exponential backoff for reversal retries (pure): the wait after the
 * n-th failed attempt is `baseMs * 2^(n-1)`, at most `maxMs`.
 *
 * @module
 *
 * Exported from `yibao-pos`.
 */

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * The journal's default reversal backoff: 1 s doubling up to 60 s.
 *
 * Exported from `yibao-pos`.
 *
 * @example
 * ```ts
 * import { SettlementJournal, DEFAULT_BACKOFF } from 'yibao-pos';
 * const journal = await SettlementJournal.open(file, { backoff: { ...DEFAULT_BACKOFF, maxMs: 300_000 } });
 * ```
 */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 60_000 };

/**
 * The wait before the next reversal attempt after `failedAttempts` failures: `baseMs * 2^(n-1)`, at most `maxMs` (pure).
 *
 * Exported from `yibao-pos`.
 *
 * @param failedAttempts Attempts that failed so far (0 means no wait).
 * @param b Base and cap in ms (default `DEFAULT_BACKOFF`).
 * @example
 * ```ts
 * import { backoffDelay, DEFAULT_BACKOFF } from 'yibao-pos';
 * backoffDelay(1); // 1000
 * backoffDelay(10, DEFAULT_BACKOFF); // 60000 (capped)
 * ```
 */
export function backoffDelay(failedAttempts: number, b: Backoff = DEFAULT_BACKOFF): number {
  if (failedAttempts <= 0) return 0;
  // 2^30 already exceeds any sane cap; clamp the exponent so the number stays finite.
  const exp = Math.min(failedAttempts - 1, 30);
  return Math.min(b.maxMs, b.baseMs * 2 ** exp);
}
