/**
 * The sale's lifecycle as data: its states (as the `state` event reports
 * them) and the moves between them. `Sale` enters a state only through this
 * table; a move it does not list is refused with `CHECKOUT_ILLEGAL_MOVE`.
 * The table is drawn in docs/checkout.md.
 *
 * @module
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */

export type SaleState =
  /** Waiting for the patient's voucher to be scanned. The state a sale starts in. */
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
  /** Outcome unknown: not paid, the journal keeps reversing it in the background. Final for the sale. */
  | 'not_paid_reversal_pending'
  /** Outcome unknown, and the reversal (2601) was acknowledged before the sale ended: not paid, nothing left to do. Final. */
  | 'not_paid_reversed';

/** Where every sale starts. */
export const INITIAL_SALE_STATE: SaleState = 'waiting_voucher';

/** Ends every step before the 2102 leaves can reach: nothing was sent, so nothing can be booked. */
const BEFORE_SENDING = ['refused', 'cancelled'] as const;

/**
 * Each state and the states a sale may move to from it. `settling → pin` is
 * the wrong PIN asked again under a new msgid; only `settling` can end with
 * an unknown outcome, since only the 2102 can be booked.
 */
export const SALE_TRANSITIONS: { readonly [S in SaleState]: readonly SaleState[] } = {
  waiting_voucher: ['verified', ...BEFORE_SENDING],
  verified: ['waiting_payer_voucher', 'pre_settling', ...BEFORE_SENDING],
  waiting_payer_voucher: ['pre_settling', ...BEFORE_SENDING],
  pre_settling: ['pin', ...BEFORE_SENDING],
  pin: ['settling', ...BEFORE_SENDING],
  settling: ['paid', 'pin', 'refused', 'not_paid_reversal_pending', 'not_paid_reversed'],
  paid: [],
  refused: [],
  cancelled: [],
  not_paid_reversal_pending: [],
  not_paid_reversed: [],
};

/** True when the table lists `from → to`. */
export function canMove(from: SaleState, to: SaleState): boolean {
  return SALE_TRANSITIONS[from].includes(to);
}

/**
 * The states a sale ends in: `paid`, `refused`, `cancelled`, `not_paid_reversal_pending`, `not_paid_reversed` (those with no move out).
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
export const FINAL_STATES: ReadonlySet<SaleState> = new Set(
  (Object.keys(SALE_TRANSITIONS) as SaleState[]).filter((s) => SALE_TRANSITIONS[s].length === 0),
);

/** While scanned item codes still join the sale: until pre-settlement starts. */
export const TAKES_ITEMS: ReadonlySet<SaleState> = new Set(['waiting_voucher', 'verified', 'waiting_payer_voucher']);
