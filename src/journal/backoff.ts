/**
 * Reversal backoff: the shared retry helpers (src/lib/retry.ts), re-exported
 * where the journal's users look for them.
 *
 * @module
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export { backoffDelay, DEFAULT_BACKOFF, RetryLoop } from '../lib/retry.js';
export type { Backoff, Timer } from '../lib/retry.js';
