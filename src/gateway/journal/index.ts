/**
 * The settlement journal: durable money messages, reversals, recovery and
 * reconciliation (re-exports only).
 *
 * @module
 */
export { SettlementJournal } from './journal.js';
export type {
  JournalOptions,
  JournalHooks,
  JournalPoint,
  JournalEvents,
  PendingReversal,
  RecoveryReport,
  SettleMeta,
  CancelRequest,
  Timer,
} from './journal.js';
export { JournalError, JOURNAL_MESSAGES } from './errors.js';
export type { JournalErrorCode } from './errors.js';
export type { JournalEntry } from './store.js';
export { readJournalEntries } from './store.js';
export type { EntryState } from './states.js';
export { ENTRY_STATES, isFinal } from './states.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export type { Backoff } from './backoff.js';
export { journalTotals } from './reconcile.js';
export type { ReconcileReport, Totals } from './reconcile.js';
