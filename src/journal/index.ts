/**
 * `yibao-pos/journal`: the terminal's durable state. The settlement journal
 * (money messages written before they leave, recovery, reconciliation, the
 * till's msgid block, the one-process lock), its outbox of work owed to the
 * gateway (reversals, traceability uploads), and the contract types an
 * embedder implements (`Journal`) or receives. Node only (better-sqlite3,
 * loaded lazily); also re-exported from the main entry `yibao-pos`.
 * Re-exports only.
 *
 * @module
 */
export { SettlementJournal } from './journal.js';
export type { JournalOptions } from './journal.js';
export type { JournalEvents } from './events.js';
export type { Journal, PendingReversal, RecoveryReport, RecoveredEntry, RecoveredAmount, SettleMeta, CancelRequest, CancelAnswer } from './types.js';
export { JournalError } from './errors.js';
export type { JournalErrorCode } from './errors.js';
export type { JournalEntry, EntryFilter } from './entry.js';
export type { EntryState } from './states.js';
export { ENTRY_STATES } from './states.js';
export type { Backoff } from '../lib/retry.js';
export type { Timer } from '../lib/timer.js';
export { journalTotals, reconcileDay, checkDay } from './reconcile.js';
export { reconcileDayByGroup } from './reconcile-groups.js';
export { LocalCatalog, parseCatalogCsv } from './catalog/local-catalog.js';
export type { OwnItem } from './catalog/local-catalog.js';
export type { ClearingGroup, CountedEntry, GroupReport, GroupReconcileReport } from './reconcile-groups.js';
export type { Clearing } from './entry.js';
export type { ReconcileReport, Totals } from './reconcile.js';
export type { SequenceRange } from './till.js';
export { readJournalEntries, readJournalRange } from './read.js';

export { readTraceUploads } from './read.js';

// The outbox: one worker for reversals, traceability uploads (3505) and any kind an embedder adds
export type { OutboxRow, OutboxFilter, OutboxKind, OutboxHeartbeat, OutboxIntent, OutboxRunReport } from './outbox/row.js';
export type { OutboxState } from './outbox/states.js';
export { OUTBOX_STATES } from './outbox/states.js';
export { OutboxError } from './outbox/errors.js';
export type { TraceUploadRow, TraceUploadState, TraceUploadOptions } from './trace/kind.js';
export type { SaleUpload } from '../gateway/types.js';

// Pushes to the chain's back office
export type { BackofficeOptions, BackofficePushOptions, PushReport } from './push.js';
