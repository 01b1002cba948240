/**
 * The settlement journal: durable money messages, reversals, recovery and
 * reconciliation, and the pure helpers a technician's tool needs (reading
 * entries, a day's totals, the reversal backoff). Node only (better-sqlite3,
 * loaded lazily); exported from the main entry `yibao-pos`. Re-exports only.
 *
 * @module
 */
export { SettlementJournal } from './journal.js';
export type { JournalOptions, Timer } from './journal.js';
export type { JournalEvents, PendingReversal, RecoveryReport, RecoveredEntry, RecoveredAmount, SettleMeta, CancelRequest } from './types.js';
export { JournalError } from './errors.js';
export type { JournalErrorCode } from './errors.js';
export type { JournalEntry } from './store.js';
export type { EntryState } from './states.js';
export { ENTRY_STATES, isFinal } from './states.js';
export { backoffDelay, DEFAULT_BACKOFF } from '../../lib/retry.js';
export type { Backoff } from '../../lib/retry.js';
export { journalTotals, reconcileDay, checkDay } from './reconcile.js';
export type { ReconcileReport, Totals } from './reconcile.js';
export { tillSequenceRange, MAX_TILLS } from './till.js';
export type { SequenceRange } from './till.js';

import { SqliteJournalStore } from './sqlite-store.js';
import { parseRangeKey, type SequenceRange } from './till.js';
import type { EntryFilter, JournalEntry } from './store.js';

/**
 * Reads the entries of a journal file without taking its lock (a technician
 * lists it while the terminal runs). Read-only: never changes the file.
 *
 * Exported from `yibao-pos`.
 *
 * @param file The journal's SQLite file.
 * @param filter Only entries in this state and/or of this transaction.
 *
 * @example
 * ```ts
 * import { readJournalEntries } from 'yibao-pos';
 * for (const e of await readJournalEntries('/var/lib/pos/terminal/journal.db', { state: 'reversal_pending' })) {
 *   console.log(e.msgid, e.amountFen, e.attempts);
 * }
 * ```
 */
export function readJournalEntries(file: string, filter: EntryFilter = {}): Promise<JournalEntry[]> {
  return SqliteJournalStore.readEntries(file, filter);
}

/**
 * The msgid block a journal file was opened with (its till's), read without its lock; undefined when it has none.
 *
 * Exported from `yibao-pos`.
 *
 * @param file The journal's SQLite file.
 *
 * @example
 * ```ts
 * import { readJournalRange } from 'yibao-pos';
 * const range = await readJournalRange('/var/lib/pos/till-2/journal.db');
 * console.log(range?.start, range?.size);
 * ```
 */
export async function readJournalRange(file: string): Promise<SequenceRange | undefined> {
  const key = await SqliteJournalStore.readMeta(file, 'sequence');
  return key === undefined ? undefined : parseRangeKey(key);
}
