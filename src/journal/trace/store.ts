/**
 * The trace outbox's SQLite rows: one per 3505 upload (one sold line and its
 * traceability codes). Synchronous better-sqlite3 calls in WAL with
 * `synchronous = FULL`, so a row is on disk before the call returns.
 *
 * @module
 */
import type { Database } from '../../lib/sqlite.js';
import type { SaleUpload } from '../../gateway/types.js';

export const TRACE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS trace_uploads (
     msgid TEXT PRIMARY KEY,
     sale_msgid TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('waiting','pending','acknowledged','refused','void')),
     upload TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     last_error TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX IF NOT EXISTS trace_uploads_sale ON trace_uploads(sale_msgid);
   CREATE INDEX IF NOT EXISTS trace_uploads_state ON trace_uploads(state);`,
];

/**
 * `waiting`: written before the sale's 2102 left, not known booked yet;
 * `pending`: the sale booked, the upload is due (retried until acknowledged);
 * `acknowledged`, `refused` (the gateway said no: kept for a technician) and
 * `void` (the sale was not booked) are final.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export type TraceUploadState = 'waiting' | 'pending' | 'acknowledged' | 'refused' | 'void';

/**
 * One traceability upload as the outbox keeps it: its msgid, sale, line, codes, state and attempts.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface TraceUploadRow {
  /** The 3505's own msgid (the same on every retry: the gateway answers a repeat from its record). */
  msgid: string;
  saleMsgid: string;
  state: TraceUploadState;
  /** The upload; `setlId` is empty until the sale booked. */
  upload: SaleUpload;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  msgid: string;
  sale_msgid: string;
  state: TraceUploadState;
  upload: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): TraceUploadRow => ({
  msgid: r.msgid,
  saleMsgid: r.sale_msgid,
  state: r.state,
  upload: JSON.parse(r.upload) as SaleUpload,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class TraceStore {
  readonly #insert;
  readonly #get;
  readonly #bySale;
  readonly #byState;
  readonly #all;
  readonly #update;

  constructor(db: Database) {
    this.#insert = db.prepare(
      `INSERT INTO trace_uploads (msgid, sale_msgid, state, upload, created_at, updated_at) VALUES (?, ?, 'waiting', ?, ?, ?)`,
    );
    this.#get = db.prepare('SELECT * FROM trace_uploads WHERE msgid = ?');
    this.#bySale = db.prepare('SELECT * FROM trace_uploads WHERE sale_msgid = ? ORDER BY created_at, msgid');
    this.#byState = db.prepare('SELECT * FROM trace_uploads WHERE state = ? ORDER BY created_at, msgid');
    this.#all = db.prepare('SELECT * FROM trace_uploads ORDER BY created_at, msgid');
    this.#update = db.prepare(
      `UPDATE trace_uploads SET state = @state, upload = @upload, attempts = @attempts, next_attempt_at = @next_attempt_at,
         last_error = @last_error, updated_at = @updated_at WHERE msgid = @msgid`,
    );
  }

  insert(msgid: string, saleMsgid: string, upload: SaleUpload, now: number): void {
    this.#insert.run(msgid, saleMsgid, JSON.stringify(upload), now, now);
  }

  get(msgid: string): TraceUploadRow | undefined {
    const r = this.#get.get(msgid) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  forSale(saleMsgid: string): TraceUploadRow[] {
    return (this.#bySale.all(saleMsgid) as Row[]).map(fromRow);
  }

  list(state?: TraceUploadState): TraceUploadRow[] {
    return ((state ? this.#byState.all(state) : this.#all.all()) as Row[]).map(fromRow);
  }

  update(row: TraceUploadRow, now: number): void {
    this.#update.run({
      msgid: row.msgid,
      state: row.state,
      upload: JSON.stringify(row.upload),
      attempts: row.attempts,
      next_attempt_at: row.nextAttemptAt,
      last_error: row.lastError,
      updated_at: now,
    });
  }
}
