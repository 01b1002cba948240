/**
 * Outbox rows in the journal's SQLite file (table `outbox`, created by the
 * journal's schema step 4). Statements are prepared once; writes commit with
 * the connection's settings (see sqlite-store.ts: a row written with an
 * intent is synced by the intent's own commit).
 *
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../../lib/sqlite.js';
import type { NewOutboxRow, OutboxFilter, OutboxRow } from './row.js';
import type { OutboxState } from './states.js';
import { rowOf, type OutboxChange, type OutboxStore } from './store.js';

/** Schema step 4 of the journal (sqlite-store.ts): the outbox table and its indexes. */
export const OUTBOX_TABLE = `CREATE TABLE IF NOT EXISTS outbox (
     kind TEXT NOT NULL,
     key TEXT NOT NULL,
     parent TEXT,
     state TEXT NOT NULL CHECK (state IN ('waiting','pending','acknowledged','refused','void')),
     payload TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     last_error TEXT,
     answer TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (kind, key)
   );
   CREATE INDEX IF NOT EXISTS outbox_parent ON outbox(parent);
   CREATE INDEX IF NOT EXISTS outbox_due ON outbox(state, next_attempt_at);`;

export interface OutboxSqlRow {
  kind: string;
  key: string;
  parent: string | null;
  state: OutboxState;
  payload: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  answer: string | null;
  created_at: number;
  updated_at: number;
}

export const fromSqlRow = (r: OutboxSqlRow): OutboxRow => ({
  kind: r.kind,
  key: r.key,
  parent: r.parent,
  state: r.state,
  payload: JSON.parse(r.payload) as unknown,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  answer: r.answer === null ? null : (JSON.parse(r.answer) as unknown),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Rows of a filter, oldest first (shared with the read-only reader). */
export const LIST_SQL = `SELECT * FROM outbox WHERE (@kind IS NULL OR kind = @kind) AND (@state IS NULL OR state = @state)
  AND (@parent IS NULL OR parent = @parent) ORDER BY created_at, rowid`;
/** The same filter with a parent named: `parent = ?` alone lets SQLite use outbox_parent (the OR form scans the table). */
const PARENT_SQL = `SELECT * FROM outbox WHERE parent = @parent AND (@kind IS NULL OR kind = @kind) AND (@state IS NULL OR state = @state)
  ORDER BY created_at, rowid`;
export const listParams = (f: OutboxFilter) => ({ kind: f.kind ?? null, state: f.state ?? null, parent: f.parent ?? null });

type Stmt = BetterSqlite3.Statement<unknown[], unknown>;

export class SqliteOutboxStore implements OutboxStore {
  readonly #s: Record<'insert' | 'restore' | 'get' | 'list' | 'byParent' | 'update' | 'due', Stmt>;

  constructor(db: Database) {
    const p = (sql: string): Stmt => db.prepare(sql);
    this.#s = {
      insert: p(`INSERT INTO outbox (kind, key, parent, state, payload, attempts, next_attempt_at, last_error, answer, created_at, updated_at)
                 VALUES (@kind, @key, @parent, @state, @payload, @attempts, @next_attempt_at, @last_error, @answer, @created_at, @updated_at)`),
      restore: p(`INSERT INTO outbox (kind, key, parent, state, payload, attempts, next_attempt_at, last_error, answer, created_at, updated_at)
                  VALUES (@kind, @key, @parent, @state, @payload, @attempts, @next_attempt_at, @last_error, @answer, @created_at, @updated_at)
                  ON CONFLICT (kind, key) DO NOTHING`),
      get: p('SELECT * FROM outbox WHERE kind = ? AND key = ?'),
      list: p(LIST_SQL),
      byParent: p(PARENT_SQL),
      // One statement for every move: a column changes only when its flag is set.
      update: p(`UPDATE outbox SET state = @state, updated_at = @now,
                   payload = CASE WHEN @setPayload THEN @payload ELSE payload END,
                   attempts = COALESCE(@attempts, attempts),
                   next_attempt_at = CASE WHEN @setNext THEN @next ELSE next_attempt_at END,
                   last_error = CASE WHEN @setError THEN @lastError ELSE last_error END,
                   answer = CASE WHEN @setAnswer THEN @answer ELSE answer END
                 WHERE kind = @kind AND key = @key`),
      due: p(`SELECT MIN(COALESCE(next_attempt_at, 0)) AS next FROM outbox WHERE state = 'pending'`),
    };
  }

  insert(r: NewOutboxRow, now: number): void {
    this.#s.insert.run(toSql(rowOf(r, now)));
  }

  restore(row: OutboxRow): void {
    this.#s.restore.run(toSql(row));
  }

  get(kind: string, key: string): OutboxRow | undefined {
    const r = this.#s.get.get(kind, key) as OutboxSqlRow | undefined;
    return r ? fromSqlRow(r) : undefined;
  }

  list(f: OutboxFilter = {}): OutboxRow[] {
    // Each sale's end asks for its own rows: that lookup stays an index search however long the outbox grows.
    const stmt = f.parent === undefined ? this.#s.list : this.#s.byParent;
    return (stmt.all(listParams(f)) as OutboxSqlRow[]).map(fromSqlRow);
  }

  update(kind: string, key: string, state: OutboxState, now: number, c: OutboxChange = {}): void {
    this.#s.update.run({
      kind,
      key,
      state,
      now,
      setPayload: c.payload === undefined ? 0 : 1,
      payload: c.payload === undefined ? null : JSON.stringify(c.payload),
      attempts: c.attempts ?? null,
      setNext: c.nextAttemptAt === undefined ? 0 : 1,
      next: c.nextAttemptAt ?? null,
      setError: c.lastError === undefined ? 0 : 1,
      lastError: c.lastError ?? null,
      setAnswer: c.answer === undefined ? 0 : 1,
      answer: c.answer === undefined || c.answer === null ? null : JSON.stringify(c.answer),
    });
  }

  nextDue(): number | undefined {
    return (this.#s.due.get() as { next: number | null }).next ?? undefined;
  }
}

function toSql(r: OutboxRow): OutboxSqlRow {
  return {
    kind: r.kind,
    key: r.key,
    parent: r.parent,
    state: r.state,
    payload: JSON.stringify(r.payload ?? null),
    attempts: r.attempts,
    next_attempt_at: r.nextAttemptAt,
    last_error: r.lastError,
    answer: r.answer === null || r.answer === undefined ? null : JSON.stringify(r.answer),
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}
