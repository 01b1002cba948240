/**
 * The journal's state machine (pure). A money message is `intent` (synced
 * before it leaves), and `sent` as it leaves (told by an event; the file
 * keeps `intent` until the answer, though a journal written by an earlier
 * version may hold `sent`); its answer makes it `booked` or `refused`,
 * or leaves it `unknown`, which becomes `reversal_pending` until a 2601 is
 * acknowledged (`reversed`). A 2601 attempt's own row ends `booked`
 * (acknowledged), `refused` or `unknown`: its parent carries the retry.
 *
 * @module
 */
import type { MoneyInfno } from '../gateway/types.js';

/**
 * The state of one journal entry: `intent` → `sent` → `booked` / `refused` / `unknown` → `reversal_pending` → `reversed`.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export type EntryState = 'intent' | 'sent' | 'booked' | 'refused' | 'unknown' | 'reversal_pending' | 'reversed';

/**
 * Every `EntryState`, in lifecycle order.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import { ENTRY_STATES } from 'yibao-pos';
 * const valid = (s: string) => (ENTRY_STATES as readonly string[]).includes(s);
 * ```
 */
export const ENTRY_STATES: readonly EntryState[] = ['intent', 'sent', 'booked', 'refused', 'unknown', 'reversal_pending', 'reversed'];

const NEXT: Record<EntryState, readonly EntryState[]> = {
  intent: ['sent', 'refused', 'unknown', 'reversal_pending', 'booked'],
  sent: ['booked', 'refused', 'unknown', 'reversal_pending'],
  unknown: ['reversal_pending', 'booked'],
  reversal_pending: ['reversed'],
  booked: [],
  refused: [],
  reversed: [],
};

/**
 * Whether an entry may move from one state to another. One move depends on
 * the message: a 2103 whose reversal the gateway answers `kept` (the refund
 * was already spent, so the cancel stands) goes from reversal_pending to booked.
 */
export function canMove(from: EntryState, to: EntryState, infno: MoneyInfno = '2102'): boolean {
  if (infno === '2103' && from === 'reversal_pending' && to === 'booked') return true;
  return NEXT[from].includes(to);
}

/**
 * The states from which an entry of this message may move to `to` (the table
 * read backwards, `to` itself left out): a store checks the move in the same
 * statement that makes it, with no read before the write.
 */
export function movableFrom(to: EntryState, infno: MoneyInfno): EntryState[] {
  return ENTRY_STATES.filter((s) => s !== to && canMove(s, to, infno));
}

export function isEntryState(value: string): value is EntryState {
  return (ENTRY_STATES as readonly string[]).includes(value);
}

/**
 * Whether the journal still owes this entry an outcome: a 2102/2103 not yet
 * booked, refused or reversed, or a 2601 attempt still on its way (its
 * parent carries the retry). The one rule for "unfinished": recovery, the
 * cancel guard, reconciliation and the stores all ask it.
 */
export function isUnfinished(e: { infno: MoneyInfno; state: EntryState }): boolean {
  if (e.infno === '2601') return e.state === 'intent' || e.state === 'sent';
  return e.state === 'intent' || e.state === 'sent' || e.state === 'unknown' || e.state === 'reversal_pending';
}

/**
 * Whether nothing more will happen to an entry of this kind in this state.
 *
 * @param infno The entry's transaction (`2102`, `2103`, `2601`).
 * @param state Its state.
 */
export function isFinal(infno: MoneyInfno, state: EntryState): boolean {
  return !isUnfinished({ infno, state });
}

/** States in which some entry may be unfinished (a store's pre-filter; isUnfinished decides). */
export const OPEN_STATES: readonly EntryState[] = ENTRY_STATES.filter((s) => isUnfinished({ infno: '2102', state: s }) || isUnfinished({ infno: '2601', state: s }));
