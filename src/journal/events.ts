/**
 * What a journal tells as its entries change state (`JournalEvents`), and
 * the test-only points where a fault can be injected (`JournalHooks`).
 *
 * @module
 */
import type { MoneyInfno } from '../gateway/types.js';
import type { EntryState } from './states.js';

/**
 * Named points of a money message, for fault-injection tests only (the chaos
 * harness kills the process there). Production code passes no hooks.
 */
export type JournalPoint = 'before-intent-sync' | 'after-intent' | 'in-flight' | 'after-answer' | 'after-booked' | 'during-reversal';

export interface JournalHooks {
  /** Test-only: called (and awaited) at each point; the chaos harness kills the process here. */
  at?(point: JournalPoint, msgid: string): void | Promise<void>;
}

/**
 * The events a `SettlementJournal` emits as entries change state.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface JournalEvents {
  state: (e: { msgid: string; infno: MoneyInfno; state: EntryState }) => void;
  reversed: (e: { msgid: string; amountFen: number; attempts: number; infno: MoneyInfno }) => void;
  /** A cancel the gateway kept when asked to reverse it (the refund was already spent): the sale stays cancelled. */
  'cancel-kept': (e: { msgid: string; amountFen: number; setlId: string | undefined }) => void;
  'reversal-failed': (e: { msgid: string; amountFen: number; attempts: number; nextAttemptAt: number; code: string }) => void;
}
