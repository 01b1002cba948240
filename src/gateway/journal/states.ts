/**
 * The journal's state machine (pure). A money message is `intent` (synced
 * before it leaves), then `sent`; its answer makes it `booked` or `refused`,
 * or leaves it `unknown`, which becomes `reversal_pending` until a 2601 is
 * acknowledged (`reversed`). A 2601 attempt's own row ends `booked`
 * (acknowledged), `refused` or `unknown`: its parent carries the retry.
 *
 * @module
 */
import type { MoneyInfno } from '../types.js';

/**
 * The state of one journal entry: `intent` → `sent` → `booked` / `refused` / `unknown` → `reversal_pending` → `reversed`.
 *
 * Exported from `yibao-pos`.
 */
export type EntryState = 'intent' | 'sent' | 'booked' | 'refused' | 'unknown' | 'reversal_pending' | 'reversed';

/**
 * Every `EntryState`, in lifecycle order.
 *
 * Exported from `yibao-pos`.
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

export function canMove(from: EntryState, to: EntryState): boolean {
  return NEXT[from].includes(to);
}

export function isEntryState(value: string): value is EntryState {
  return (ENTRY_STATES as readonly string[]).includes(value);
}

/**
 * Whether nothing more will happen to an entry of this kind in this state.
 *
 * Exported from `yibao-pos`.
 *
 * @param infno The entry's transaction (`2102`, `2103`, `2601`).
 * @param state Its state.
 *
 * @example
 * ```ts
 * import { isFinal, readJournalEntries } from 'yibao-pos';
 * const open = (await readJournalEntries(file)).filter((e) => !isFinal(e.infno, e.state));
 * ```
 */
export function isFinal(infno: MoneyInfno, state: EntryState): boolean {
  if (infno === '2601') return state === 'booked' || state === 'refused' || state === 'unknown';
  return state === 'booked' || state === 'refused' || state === 'reversed';
}
