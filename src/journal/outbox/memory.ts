/**
 * Outbox rows in memory, for an in-memory journal: the same rules, nothing
 * survives the process.
 *
 * @module
 */
import type { NewOutboxRow, OutboxFilter, OutboxRow } from './row.js';
import type { OutboxState } from './states.js';
import { rowOf, type OutboxChange, type OutboxStore } from './store.js';

const id = (kind: string, key: string) => `${kind}\u0000${key}`;

export class MemoryOutboxStore implements OutboxStore {
  readonly #rows = new Map<string, OutboxRow>();

  insert(r: NewOutboxRow, now: number): void {
    if (this.#rows.has(id(r.kind, r.key))) throw new Error(`UNIQUE constraint failed: outbox.kind, outbox.key ${r.kind} ${r.key}`);
    this.#rows.set(id(r.kind, r.key), rowOf(r, now));
  }

  restore(row: OutboxRow): void {
    if (!this.#rows.has(id(row.kind, row.key))) this.#rows.set(id(row.kind, row.key), structuredClone(row));
  }

  get(kind: string, key: string): OutboxRow | undefined {
    const r = this.#rows.get(id(kind, key));
    return r && structuredClone(r);
  }

  list(f: OutboxFilter = {}): OutboxRow[] {
    return [...this.#rows.values()]
      .filter((r) => (f.kind === undefined || r.kind === f.kind) && (f.state === undefined || r.state === f.state) && (f.parent === undefined || r.parent === f.parent))
      .map((r) => structuredClone(r));
  }

  update(kind: string, key: string, state: OutboxState, now: number, c: OutboxChange = {}): void {
    const r = this.#rows.get(id(kind, key));
    if (!r) return;
    r.state = state;
    r.updatedAt = now;
    if (c.payload !== undefined) r.payload = structuredClone(c.payload);
    if (c.attempts !== undefined) r.attempts = c.attempts;
    if (c.nextAttemptAt !== undefined) r.nextAttemptAt = c.nextAttemptAt;
    if (c.lastError !== undefined) r.lastError = c.lastError;
    if (c.answer !== undefined) r.answer = structuredClone(c.answer);
  }

  nextDue(): number | undefined {
    let min: number | undefined;
    for (const r of this.#rows.values()) if (r.state === 'pending') min = Math.min(min ?? Infinity, r.nextAttemptAt ?? 0);
    return min;
  }
}
