/**
 * The states a sale passes through, as the `state` event reports them. See
 * the lifecycle in README ("The sale, step by step").
 *
 * @module
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */

export type SaleState =
  /** Waiting for the patient's voucher to be scanned. */
  | 'waiting_voucher'
  /** The voucher verified offline; masked name, region and channel are shown. */
  | 'verified'
  /** Mutual aid (共济): waiting for the paying family member's voucher. */
  | 'waiting_payer_voucher'
  /** 1101 person info and 2101 pre-settlement: how much the account pays, how much is cash. */
  | 'pre_settling'
  /** The payer types the PIN. */
  | 'pin'
  /** 2102 sent; journaled before it left. */
  | 'settling'
  /** Booked: the receipt is ready. Final. */
  | 'paid'
  /** Refused, nothing booked. Final. */
  | 'refused'
  /** Cancelled by the cashier, nothing booked. Final. */
  | 'cancelled'
  /** Outcome unknown: reported as not paid, the journal reverses it. Final for the sale. */
  | 'not_paid_reversal_pending';

/**
 * The states a sale ends in: `paid`, `refused`, `cancelled`, `not_paid_reversal_pending`.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 *
 * @example
 * ```ts
 * import { FINAL_STATES } from 'yibao-pos/checkout';
 * terminal.on('state', ({ state }) => {
 *   if (FINAL_STATES.has(state)) console.log('sale over:', state);
 * });
 * ```
 */
export const FINAL_STATES: ReadonlySet<SaleState> = new Set(['paid', 'refused', 'cancelled', 'not_paid_reversal_pending']);
