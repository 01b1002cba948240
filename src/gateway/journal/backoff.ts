/**
 * Capped exponential backoff for reversal retries (pure): the wait after the
 * n-th failed attempt is `baseMs * 2^(n-1)`, at most `maxMs`.
 *
 * @module
 */

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 60_000 };

export function backoffDelay(failedAttempts: number, b: Backoff = DEFAULT_BACKOFF): number {
  if (failedAttempts <= 0) return 0;
  // 2^30 already exceeds any sane cap; clamp the exponent so the number stays finite.
  const exp = Math.min(failedAttempts - 1, 30);
  return Math.min(b.maxMs, b.baseMs * 2 ** exp);
}
