/**
 * Which final state a sale that did not pay ends in, from the refusal that
 * ended it (pure).
 *
 * @module
 */
import { YibaoError } from '../lib/errors.js';
import type { SaleState } from './states.js';

const CANCELS: ReadonlySet<string> = new Set(['CHECKOUT_CANCELLED', 'PIN_CANCELLED']);

/**
 * `cancelled` for the cashier's or the payer's cancel; for an unknown outcome
 * (the journal's `JOURNAL_OUTCOME_UNKNOWN`, or any error with `outcome:
 * 'unknown'`) `not_paid_reversed` when the journal says the reversal was
 * acknowledged (`details.reversal === 'done'`) and `not_paid_reversal_pending`
 * otherwise, since an unproven reversal is still owed; `refused` for the rest.
 */
export function finalStateOf(err: unknown): Exclude<SaleState, 'paid'> {
  if (!YibaoError.is(err)) return 'refused';
  if (CANCELS.has(err.code)) return 'cancelled';
  if ((err as { outcome?: string }).outcome === 'unknown') return err.details['reversal'] === 'done' ? 'not_paid_reversed' : 'not_paid_reversal_pending';
  return 'refused';
}
