/**
 * A journal store in memory: for tests, demos and kiosks that settle nothing
 * durable. Same behaviour as the SQLite store, nothing survives the process.
 *
 * @module
 */
import { MemoryOutboxStore } from './outbox/memory.js';
import type { NewOutboxRow } from './outbox/row.js';
import { canMove, isUnfinished, type EntryState } from './states.js';
import { entryOf, type EntryFilter, type JournalEntry, type NewEntry, type StateChange } from './entry.js';
import { msgidUsed, type JournalStore } from './store.js';


export class MemoryJournalStore implements JournalStore {
  readonly #entries = new Map<string, JournalEntry>();
  readonly #seq = new Map<string, number>();
  readonly #jtis = new Map<string, number>();
  readonly #meta = new Map<string, string>();
  readonly outbox = new MemoryOutboxStore();

  /** A copy, with its reversal's attempts and due time from the outbox (their one home). */
  #copy(e: JournalEntry): JournalEntry {
    const r = this.outbox.get('reversal', e.msgid);
    return { ...structuredClone(e), attempts: r?.attempts ?? 0, nextAttemptAt: r?.nextAttemptAt ?? null };
  }

  insertIntent(e: NewEntry, now: number, jtis: ReadonlyArray<{ jti: string; forgetAfterSec: number }> = [], rows: readonly NewOutboxRow[] = []): void {
    if (this.#entries.has(e.msgid)) throw msgidUsed(e.msgid);
    if (!Number.isSafeInteger(e.amountFen) || e.amountFen < 0) throw new Error('CHECK constraint failed: amount_fen');
    this.#entries.set(e.msgid, entryOf(e, now));
    for (const j of jtis) if (!this.#jtis.has(j.jti)) this.#jtis.set(j.jti, j.forgetAfterSec);
    for (const r of rows) this.outbox.insert(r, now);
  }

  atomically<T>(fn: () => T): T {
    return fn();
  }

  get(msgid: string): JournalEntry | undefined {
    const e = this.#entries.get(msgid);
    return e && this.#copy(e);
  }

  stateOf(msgid: string): { state: EntryState; infno: JournalEntry['infno'] } | undefined {
    const e = this.#entries.get(msgid);
    return e && { state: e.state, infno: e.infno };
  }

  setState(msgid: string, state: EntryState, now: number, change: StateChange = {}): void {
    const e = this.#entries.get(msgid);
    if (!e) return;
    e.state = state;
    e.updatedAt = now;
    if (change.answer !== undefined) e.answer = structuredClone(change.answer);
    if (change.errorCode !== undefined) e.errorCode = change.errorCode;
    if (change.bookedAt !== undefined) e.bookedAt = change.bookedAt;
    if (change.clearing !== undefined) e.clearing = { insutype: e.clearing?.insutype ?? '', ...change.clearing };
  }

  moveState(msgid: string, to: EntryState, now: number, change: StateChange = {}): JournalEntry['infno'] | undefined {
    const e = this.#entries.get(msgid);
    if (!e || e.state === to || !canMove(e.state, to, e.infno)) return undefined;
    this.setState(msgid, to, now, change);
    return e.infno;
  }

  list(filter: EntryFilter = {}): JournalEntry[] {
    return [...this.#entries.values()].filter((e) => (!filter.state || e.state === filter.state) && (!filter.infno || e.infno === filter.infno)).map((e) => this.#copy(e));
  }

  open(): JournalEntry[] {
    return this.list().filter(isUnfinished);
  }

  unshown(): JournalEntry[] {
    return this.list({ state: 'booked', infno: '2102' }).filter((e) => e.shownAt === null);
  }

  markShown(msgid: string, at: number): void {
    const e = this.#entries.get(msgid);
    if (e) e.shownAt = at;
  }

  nextSeq(second: string): number {
    const n = this.#seq.get(second) ?? 0;
    this.#seq.set(second, n + 1);
    return n;
  }

  checkAndRecordJti(jti: string, forgetAfterSec: number, nowSec: number): boolean {
    for (const [k, until] of this.#jtis) if (until < nowSec) this.#jtis.delete(k);
    if (this.#jtis.has(jti)) return false;
    this.#jtis.set(jti, forgetAfterSec);
    return true;
  }

  meta(key: string): string | undefined {
    return this.#meta.get(key);
  }

  setMeta(key: string, value: string): void {
    this.#meta.set(key, value);
  }

  close(): void {
    /* nothing to release */
  }
}
