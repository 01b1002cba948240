/**
 * What the outbox keeps and what a kind of row must say about itself. One
 * row is one piece of work the terminal owes the gateway (or the back
 * office) after a money message: a reversal, a traceability upload, a push.
 * Its `kind` names the `OutboxKind` that builds, completes and sends it.
 *
 * @module
 */
import type { Gateway } from '../../gateway/types.js';
import type { JournalEntry } from '../entry.js';
import type { OutboxState } from './states.js';

/**
 * One outbox row as the journal shows it.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface OutboxRow<P = unknown> {
  /** Which `OutboxKind` sends it (`reversal`, `trace`, …). */
  kind: string;
  /** Its identity within the kind (a 3505 upload: its own msgid, the same on every try; a reversal: the msgid it voids). */
  key: string;
  /** The journal entry it was written with (a sale's msgid), or null. */
  parent: string | null;
  state: OutboxState;
  /** What the kind sends (JSON; never a PIN or a key). */
  payload: P;
  /** Tries started; counted before each try leaves, so a try cut short by a crash counts. */
  attempts: number;
  /** When it is due next (`pending`), else null. */
  nextAttemptAt: number | null;
  /** The code of the last failed try, or null. */
  lastError: string | null;
  /** What the acknowledged try answered (JSON), or null. */
  answer: unknown;
  createdAt: number;
  updatedAt: number;
}

/** A row to write: `waiting` rows wait for their parent to book; others are due now. */
export interface NewOutboxRow<P = unknown> {
  kind: string;
  key: string;
  parent?: string | null;
  payload: P;
  waiting?: boolean;
}

/**
 * Which rows `Journal.outbox` returns: of one kind, in one state, of one parent entry.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface OutboxFilter {
  kind?: string;
  state?: OutboxState;
  parent?: string;
}

/**
 * What one round of the outbox did: rows acknowledged, refused, and how many stay pending.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface OutboxRunReport {
  acknowledged: number;
  refused: number;
  pending: number;
}

/**
 * The facts of a money message an `OutboxKind` builds its rows from (they are written with its intent).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export type OutboxIntent = Pick<JournalEntry, 'msgid' | 'infno' | 'psnNo' | 'insuplcAdmdvs' | 'amountFen' | 'items' | 'ref'>;

/**
 * One kind of outbox row: what it writes with a money message, how the
 * booked answer completes it, how it is sent, and which failures are final.
 * The outbox does the rest (the state column, the claim, the retries with
 * jittered backoff on the journal's clock and random source). A new kind is
 * one object handed to `SettlementJournal.open({ outboxKinds })`.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface OutboxKind<P = unknown> {
  /** Stored in each row's `kind` column: never rename a kind that has rows in the field. */
  readonly name: string;
  /**
   * Rows owed for this money message, written `waiting` in the same synced
   * commit as its intent (so none is lost if the terminal dies as it leaves).
   */
  rowsFor?(intent: OutboxIntent, gateway: Gateway): Array<{ key: string; payload: P }>;
  /**
   * The message booked (or, with `dueOnEveryEnd`, ended): the row's payload
   * completed with what only the answer knows (a setl_id), or undefined to
   * keep it waiting. Default: as written.
   */
  ready?(payload: P, ended: JournalEntry): P | undefined;
  /** Sends one row. Resolves with the answer to keep; throws to be retried (or refused, see `isFinal`). */
  send(row: OutboxRow<P>, gateway: Gateway): Promise<unknown>;
  /**
   * Sends several due rows as one request (a push to the back office): the
   * worker hands it up to `batchSize` rows at a time instead of calling `send`
   * per row. Resolves with the answer kept on every row; throws to retry them
   * all. Needs no gateway: such rows are sent also when none is given.
   */
  sendBatch?(rows: ReadonlyArray<OutboxRow<P>>): Promise<unknown>;
  /**
   * Rows this kind owes when a row of another kind ends (a push of a 3505
   * the gateway acknowledged): written due now, in the commit that records
   * that end.
   */
  follows?(row: OutboxRow, state: 'acknowledged' | 'refused'): Array<{ key: string; payload: P }>;
  /**
   * Rows of this kind are kept and settled but not sent by this journal
   * (the back office was not configured this time); they go when it is.
   */
  readonly dormant?: boolean;
  /** Rows per `sendBatch` (default 500). */
  readonly batchSize?: number;
  /**
   * Rows of this kind become due whatever end their parent reaches (booked,
   * refused, reversed: a push reports every end); default only when it
   * booked, void otherwise.
   */
  readonly dueOnEveryEnd?: boolean;
  /** A failure after which retrying cannot help: the row ends `refused`, kept for a technician. Default: none is. */
  isFinal?(err: unknown): boolean;
  /** What a failed try leaves in `lastError` (default: the error's code). */
  errorText?(err: unknown): string;
  /** Told, in the commit that records it, that a row was acknowledged. */
  acknowledged?(row: OutboxRow<P>, answer: unknown): void;
  /** Told, in the commit that records it, that a try failed and when the next is due. */
  failed?(row: OutboxRow<P>, err: unknown, nextAttemptAt: number): void;
  /** Told, in the commit that records it, that a row was refused for good. */
  refused?(row: OutboxRow<P>, err: unknown): void;
  /**
   * A message this kind sends even when no row is due (a till's status to
   * its back office): the background worker sends it when the kind has sent
   * nothing for `everyMs`, without waiting for it, and stops with the worker.
   */
  readonly heartbeat?: OutboxHeartbeat;
}

/**
 * What an `OutboxKind` sends when it has sent nothing for a while (see `OutboxKind.heartbeat`).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface OutboxHeartbeat {
  /** The quiet time after which it goes, ms. */
  readonly everyMs: number;
  /** When the kind last sent anything (a row or a heartbeat), on the journal's clock; undefined before the first. */
  lastSentAt(): number | undefined;
  /** Sends it; a failure is logged and tried again `everyMs` later. */
  send(): Promise<void>;
}
