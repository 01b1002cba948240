/**
 * The settlement journal: durable money messages, reversals, recovery and
 * reconciliation (re-exports only).
 *
 * @module
 */
export { SettlementJournal } from './journal.js';
export type { JournalOptions, Timer } from './journal.js';
export type {
  Journal,
  JournalHooks,
  JournalPoint,
  JournalEvents,
  PendingReversal,
  RecoveredEntry,
  RecoveredAmount,
  RecoveryReport,
  SettleMeta,
  CancelRequest,
  CancelAnswer,
} from './types.js';
export { JournalError, JOURNAL_MESSAGES } from './errors.js';
export type { JournalErrorCode } from './errors.js';
export type { JournalEntry, JournalStore, NewEntry, StateChange, EntryFilter } from './store.js';
export { SqliteJournalStore } from './sqlite-store.js';
export { MemoryJournalStore } from './memory-store.js';
export type { EntryState } from './states.js';
export { ENTRY_STATES, isFinal, isUnfinished } from './states.js';
export { backoffDelay, DEFAULT_BACKOFF, RetryLoop } from '../../lib/retry.js';
export type { Backoff } from '../../lib/retry.js';
export { journalTotals, reconcileDay } from './reconcile.js';
export type { ReconcileReport, Totals } from './reconcile.js';
export { tillSequenceRange, TILL_BLOCK, MAX_TILLS } from './till.js';
export type { SequenceRange } from './till.js';

import { SqliteJournalStore } from './sqlite-store.js';
import { parseRangeKey, type SequenceRange } from './till.js';
import type { EntryFilter, JournalEntry } from './store.js';

/** Reads a journal file's entries without its lock (read-only). */
export function readJournalEntries(file: string, filter: EntryFilter = {}): Promise<JournalEntry[]> {
  return SqliteJournalStore.readEntries(file, filter);
}

/** The msgid block a journal file was opened with (its till's), read without its lock; undefined when it has none. */
export async function readJournalRange(file: string): Promise<SequenceRange | undefined> {
  const key = await SqliteJournalStore.readMeta(file, 'sequence');
  return key === undefined ? undefined : parseRangeKey(key);
}
