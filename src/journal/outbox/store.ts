/**
 * Where outbox rows are kept: a table in the journal's own file (sqlite.ts),
 * so a row and the money message it belongs to are written in one commit,
 * or memory (memory.ts) for an in-memory journal. Calls are synchronous;
 * state moves are checked by the outbox (outbox.ts), not here.
 *
 * @module
 */
import type { NewOutboxRow, OutboxFilter, OutboxRow } from './row.js';
import type { OutboxState } from './states.js';

/** Columns a state move may change; a column changes only when given. */
export interface OutboxChange {
  payload?: unknown;
  attempts?: number;
  nextAttemptAt?: number | null;
  lastError?: string | null;
  answer?: unknown;
}

export interface OutboxStore {
  /** Writes a new row: `waiting` when `row.waiting`, else `pending` and due at `now`. */
  insert(row: NewOutboxRow, now: number): void;
  /** Writes a row as it was kept elsewhere (a migration), unless one with its kind and key exists. */
  restore(row: OutboxRow): void;
  get(kind: string, key: string): OutboxRow | undefined;
  /** Rows, oldest first. */
  list(filter?: OutboxFilter): OutboxRow[];
  update(kind: string, key: string, state: OutboxState, now: number, change?: OutboxChange): void;
  /** The earliest `nextAttemptAt` of a pending row, or undefined when none is pending. */
  nextDue(): number | undefined;
}

/** A new row as its first stored shape. */
export function rowOf(r: NewOutboxRow, now: number): OutboxRow {
  return {
    kind: r.kind,
    key: r.key,
    parent: r.parent ?? null,
    state: r.waiting ? 'waiting' : 'pending',
    payload: structuredClone(r.payload),
    attempts: 0,
    nextAttemptAt: r.waiting ? null : now,
    lastError: null,
    answer: null,
    createdAt: now,
    updatedAt: now,
  };
}
