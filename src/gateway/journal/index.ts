/**
 * The settlement journal: durable money messages, reversals, recovery and
 * reconciliation, and the pure helpers a technician's tool needs (reading
 * entries, a day's totals, the reversal backoff). Node only (better-sqlite3,
 * loaded lazily); exported from the main entry `yibao-pos`. Re-exports only.
 *
 * @module
 */
export { SettlementJournal } from './journal.js';
export type { JournalOptions, JournalEvents, PendingReversal, RecoveryReport, SettleMeta, CancelRequest, Timer } from './journal.js';
export { JournalError } from './errors.js';
export type { JournalErrorCode } from './errors.js';
export type { JournalEntry } from './store.js';
export { readJournalEntries } from './store.js';
export type { EntryState } from './states.js';
export { ENTRY_STATES, isFinal } from './states.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export type { Backoff } from './backoff.js';
export { journalTotals, checkDay } from './reconcile.js';
export type { ReconcileReport, Totals } from './reconcile.js';
