/**
 * The journal as its users see it: the interface checkout depends on, its
 * events and reports. SettlementJournal (journal.ts) implements it over a
 * JournalStore (SQLite or memory).
 *
 * @module
 */
import type { JournalError } from './errors.js';
import type { EventEmitter } from 'eventemitter3';
import type { ReplayGuard } from '../voucher/types.js';
import type { Gateway, MoneyInfno, SequenceStore, SettleRequest, Settlement } from '../gateway/types.js';
import type { OutboxFilter, OutboxRow, OutboxRunReport } from './outbox/row.js';
import type { ReconcileReport } from './reconcile.js';
import type { TraceUploadRow } from './trace/kind.js';
import type { EntryState } from './states.js';
import type { EntryFilter, JournalEntry } from './entry.js';
import type { JournalEvents } from './events.js';
import type { PushReport } from './push.js';

/**
 * A settlement reported not paid whose reversal is still being retried: msgid, amount, attempts, last error.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface PendingReversal {
  msgid: string;
  infno: MoneyInfno;
  psnNo: string;
  amountFen: number;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
}

/**
 * A settled or pending entry as the report lists it.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface RecoveredAmount {
  msgid: string;
  amountFen: number;
}

/**
 * One message whose fate recovery settled (or left pending), with what a receipt needs.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface RecoveredEntry extends RecoveredAmount {
  infno: MoneyInfno;
  /**
   * `paid`: a 2102 the gateway booked (the customer paid; show the receipt);
   * `not_paid`: a 2102 reversed; `cancelled`: a 2103 the gateway kept;
   * `not_cancelled`: a 2103 reversed (the sale stays paid);
   * `reversal_pending`: not paid / not cancelled, the reversal is being retried.
   */
  outcome: 'paid' | 'not_paid' | 'cancelled' | 'not_cancelled' | 'reversal_pending';
  psnNo: string;
  /** 2102 booked: the settlement. */
  settlement?: Settlement;
  /** 2103: the settlement it cancels. */
  setlId?: string;
  items: JournalEntry['items'];
  /** Who the receipt names (non-secret, journaled with the intent). */
  ref: Record<string, string>;
  bookedAt: number | null;
}

/**
 * What `SettlementJournal.recover` found and did: entries booked after a query, reversed, and still pending.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface RecoveryReport {
  /** Unfinished entries found at start. */
  found: number;
  /** Entries the gateway had booked (5203), or cancels it kept: the terminal now knows them. */
  booked: RecoveredAmount[];
  /** Entries reversed during recovery (not paid / not cancelled). */
  reversed: RecoveredAmount[];
  /** Reversals still not acknowledged (retried in the background). */
  pending: PendingReversal[];
  /** Every entry of the lists above with its outcome and what a receipt needs, in journal order. */
  settled: RecoveredEntry[];
  /** Unfinished rows that did not parse: `JOURNAL_ROW_CORRUPT` naming each msgid, left for `journal list` and the operator. */
  corrupt?: JournalError[];
}

/**
 * The message facts `SettlementJournal.settle` journals with a 2102: msgid, the voucher `jti`s, the cancel signal.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface SettleMeta {
  msgid: string;
  jti: string;
  payerJti?: string;
  /** When the voucher codes may be forgotten (unix seconds); default a day from now. */
  forgetAfterSec?: number;
  /** Who the receipt names, kept so a sale recovery finds booked can still be shown (no secrets). */
  receiptRef?: Record<string, string>;
  /**
   * The caller hands the receipt to the cashier and then calls
   * `receiptShown(msgid)`; until then a booked sale counts as not shown and
   * recovery reports it (with its receipt) after a crash. Default: shown once booked.
   */
  confirmReceipt?: boolean;
  signal?: AbortSignal;
}

/**
 * A 2103 cancellation as `SettlementJournal.cancel` journals it: the settlement to cancel and its amount.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface CancelRequest {
  psnNo: string;
  setlId: string;
  mdtrtId: string;
  insuplcAdmdvs: string;
  amountFen: number;
}

/**
 * What `Journal.cancel` resolves with once the gateway booked the 2103: the refund to the account and the balance after (fen).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface CancelAnswer {
  acctPayFen: number;
  acctMulaidPayFen: number;
  balanceFen: number;
}

/**
 * What a terminal needs of a journal: the contract `createTerminal` takes
 * (`TerminalConfig.journal`). `SettlementJournal` implements it; an embedder
 * may hand in its own (it must journal each money message before it leaves
 * and reverse every unknown outcome).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface Journal extends EventEmitter<JournalEvents> {
  /** The durable msgid sequence of this till. */
  sequence(): SequenceStore;
  /** A replay guard that keeps used codes with the journal (one synced commit per sale). */
  replayGuard(): ReplayGuard;
  settle(gateway: Gateway, req: SettleRequest, meta: SettleMeta): Promise<Settlement>;
  cancel(gateway: Gateway, req: CancelRequest, meta: { msgid: string; signal?: AbortSignal }): Promise<CancelAnswer>;
  recover(gateway: Gateway): Promise<RecoveryReport>;
  /** The receipt of this booked 2102 reached the cashier (see SettleMeta.confirmReceipt). */
  receiptShown(msgid: string): void;
  pending(): PendingReversal[];
  /** Runs the outbox (reversals, uploads, every kind) in the background until `stopOutbox`. */
  startOutbox(gateway: Gateway): void;
  stopOutbox(): void;
  runDueReversals(gateway?: Gateway): Promise<number>;
  /** Sends the due outbox rows now (`all`: every pending one; `kind`: of one kind); waits for rows in flight. */
  runOutbox(gateway?: Gateway, opts?: { kind?: string; all?: boolean }): Promise<OutboxRunReport>;
  /** Outbox rows, oldest first. */
  outbox(filter?: OutboxFilter): OutboxRow[];
  /** Pushes to the back office now, when the journal has one (see `JournalOptions.backoffice`). */
  pushToBackoffice?(): Promise<PushReport | undefined>;
  /** A cancelled or reversed sale's acknowledged uploads go back (3506 rows, due now); returns how many. */
  returnTraceUploads(gateway: Gateway, saleMsgid: string): number;
  /** The traceability uploads (3505) of a sale by its 2102 msgid, or all of them. */
  traceUploads(saleMsgid?: string): TraceUploadRow[];
  list(filter?: EntryFilter): JournalEntry[];
  get(msgid: string): JournalEntry | undefined;
  reconcile(gateway: Gateway, day: string): Promise<ReconcileReport>;
  close(): Promise<void>;
}
