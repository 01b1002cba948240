/**
 * `Outbox`: the one worker for everything the terminal owes after a money
 * message (the transactional-outbox pattern). Rows are written in the
 * commit of the change they announce; their state moves only through the
 * transition table (states.ts); the worker claims a due row (counting the
 * try before it leaves), hands it to its kind to send, and records the
 * answer, or schedules the next try with jittered capped backoff on the
 * journal's clock and random source (`RetryLoop`, src/lib/retry.ts). The
 * retry policy lives here, apart from what is retried (the kinds).
 *
 * A row is claimed in memory: the journal's lock keeps every other process
 * off the file, so in this process one promise per row is enough to keep a
 * row from being in flight twice, and a round that meets a row in flight
 * waits for it.
 *
 * @module
 */
import type { Clock } from '../../lib/clock.js';
import { errorCode } from '../../lib/errors.js';
import type { Logger } from '../../lib/log.js';
import { backoffDelay, RetryLoop, type Backoff } from '../../lib/retry.js';
import type { Timer } from '../../lib/timer.js';
import type { Gateway } from '../../gateway/types.js';
import type { JournalEntry } from '../entry.js';
import { OutboxError } from './errors.js';
import type { NewOutboxRow, OutboxFilter, OutboxHeartbeat, OutboxIntent, OutboxKind, OutboxRow, OutboxRunReport } from './row.js';
import { checkRowMove, type OutboxState } from './states.js';
import type { OutboxChange, OutboxStore } from './store.js';

/**
 * What the outbox needs of the journal it lives in (the journal's
 * `JournalCore` is one): said here so the outbox sits below the journal
 * and never imports it.
 */
export interface OutboxHost {
  readonly store: {
    readonly outbox: OutboxStore;
    get(msgid: string): JournalEntry | undefined;
    atomically<T>(fn: () => T): T;
  };
  readonly clock: Clock;
  readonly log: Logger;
  readonly closed: boolean;
  /** Runs a store call on the open journal (a failing disk becomes a typed error). */
  write<T>(fn: () => T): T;
}

export interface OutboxOptions {
  backoff: Backoff;
  random: () => number;
  timer?: Timer | undefined;
}

const rowId = (kind: string, key: string) => `${kind}\u0000${key}`;
const earliest = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

export class Outbox {
  readonly #kinds = new Map<string, OutboxKind>();
  readonly #inFlight = new Map<string, Promise<OutboxState | undefined>>();
  #loop: { gateway: Gateway; loop: RetryLoop } | undefined;
  /** Kinds whose heartbeat is in flight. */
  readonly #beating = new Set<string>();

  constructor(
    private readonly core: OutboxHost,
    kinds: readonly OutboxKind[],
    private readonly o: OutboxOptions,
  ) {
    for (const k of kinds) {
      if (this.#kinds.has(k.name)) throw new TypeError(`outbox kind ${k.name} given twice`);
      this.#kinds.set(k.name, k);
    }
  }

  kind(name: string): OutboxKind {
    const k = this.#kinds.get(name);
    if (!k) throw new OutboxError('OUTBOX_KIND_UNKNOWN', { details: { kind: name } });
    return k;
  }

  /** The rows every kind owes for a money message, to be written `waiting` with its intent. */
  rowsFor(intent: OutboxIntent, gateway: Gateway): NewOutboxRow[] {
    const rows: NewOutboxRow[] = [];
    for (const k of this.#kinds.values()) {
      for (const r of k.rowsFor?.(intent, gateway) ?? []) rows.push({ kind: k.name, key: r.key, parent: intent.msgid, payload: r.payload, waiting: true });
    }
    return rows;
  }

  /** Writes a row due now (in the caller's commit when inside `store.atomically`). */
  add(row: NewOutboxRow): void {
    this.kind(row.kind);
    this.core.write(() => this.core.store.outbox.insert(row, this.core.clock()));
  }

  list(filter: OutboxFilter = {}): OutboxRow[] {
    return this.core.write(() => this.core.store.outbox.list(filter));
  }

  /** The one way a row changes: checked against the transition table. */
  move(row: OutboxRow, to: OutboxState, change: OutboxChange = {}): void {
    checkRowMove(row, to);
    this.core.write(() => this.core.store.outbox.update(row.kind, row.key, to, this.core.clock(), change));
  }

  /**
   * Its parent entry reached an end: rows waiting on it become due (it
   * booked) or void (it did not). Called by the journal inside the commit
   * that moves the entry, so a sale and its rows never disagree.
   */
  settleHeld(parentKey: string, parentOf: () => JournalEntry | undefined): void {
    const rows = this.core.store.outbox.list({ parent: parentKey, state: 'waiting' });
    // Most sales owe nothing: their entry is then not read again.
    const parent = rows.length > 0 ? parentOf() : undefined;
    for (const row of rows) {
      const k = this.#kinds.get(row.kind);
      const endedUnbooked = parent?.state === 'refused' || parent?.state === 'reversed';
      if (!parent || (endedUnbooked && k?.dueOnEveryEnd !== true)) {
        this.move(row, 'void');
        continue;
      }
      if (parent.state !== 'booked' && !endedUnbooked) continue;
      const payload = k?.ready ? k.ready(row.payload, parent) : row.payload;
      if (payload === undefined) continue;
      this.move(row, 'pending', { payload, nextAttemptAt: this.core.clock() });
    }
  }

  /** At open: settles rows still waiting on an entry that ended (a crash between the two, or rows migrated in). */
  settleAllHeld(): void {
    const parents = new Set(this.core.store.outbox.list({ state: 'waiting' }).map((r) => r.parent ?? ''));
    for (const p of parents) {
      const entry = this.core.store.get(p);
      if (entry && entry.state !== 'booked' && entry.state !== 'refused' && entry.state !== 'reversed') continue;
      this.core.store.atomically(() => this.settleHeld(p, () => entry));
    }
  }

  /** One try of one row now (a row already in flight is waited for, not sent twice); resolves with its state after. */
  attempt(gateway: Gateway, kind: string, key: string): Promise<OutboxState | undefined> {
    const id = rowId(kind, key);
    const busy = this.#inFlight.get(id);
    if (busy) return busy;
    let start!: (p: Promise<OutboxState | undefined>) => void;
    const run = new Promise<OutboxState | undefined>((resolve) => (start = resolve));
    // The claim is taken before the try starts and given back the moment it ends (not a step later),
    // so a round right after never mistakes a finished try for one in flight.
    this.#inFlight.set(id, run);
    start(this.#try(gateway, kind, key, () => this.#inFlight.delete(id)));
    return run;
  }

  async #try(gateway: Gateway, kindName: string, key: string, release: () => void): Promise<OutboxState | undefined> {
    try {
      const { core } = this;
      const row = core.store.outbox.get(kindName, key);
      if (!row || row.state !== 'pending' || core.closed) return row?.state;
      const kind = this.kind(kindName);
      const attempts = row.attempts + 1;
      // The claim: the try is counted before it leaves, so one cut short by a crash still counts.
      this.move(row, 'pending', { attempts });
      const claimed: OutboxRow = { ...row, attempts };
      let answer: unknown;
      try {
        answer = await kind.send(claimed, gateway);
      } catch (err) {
        if (core.closed) return 'pending';
        const code = kind.errorText?.(err) ?? errorCode(err);
        if (kind.isFinal?.(err)) {
          core.store.atomically(() => {
            this.move(claimed, 'refused', { nextAttemptAt: null, lastError: code });
            kind.refused?.(claimed, err);
            this.#followUp(claimed, 'refused');
          });
          return 'refused';
        }
        this.#retryLater(kind, [claimed], err, code, attempts);
        return 'pending';
      }
      if (core.closed) return 'pending';
      this.#acknowledge(kind, [claimed], answer);
      return 'acknowledged';
    } finally {
      release();
    }
  }

  /**
   * Tries every due row (with `all`, every pending one), oldest first, one at
   * a time; rows in flight are waited for. With `kind`, rows of that kind
   * only. Rows of a kind that sends batches go together, after the others;
   * they are sent also without a gateway.
   */
  async runDue(gateway?: Gateway, opts: { kind?: string; all?: boolean } = {}): Promise<OutboxRunReport> {
    const report: OutboxRunReport = { acknowledged: 0, refused: 0, pending: 0 };
    const gw = gateway ?? this.#loop?.gateway;
    if (this.core.closed) return report;
    const now = this.core.clock();
    const filter = { state: 'pending' as const, ...(opts.kind !== undefined ? { kind: opts.kind } : {}) };
    const batches = new Map<string, OutboxRow[]>();
    for (const row of this.core.store.outbox.list(filter)) {
      if (this.core.closed) break;
      if (!opts.all && (row.nextAttemptAt ?? 0) > now) continue;
      const kind = this.#kinds.get(row.kind);
      // A kind not given to this journal, or kept dormant: its rows wait for a journal that sends them.
      if (!kind || kind.dormant) continue;
      if (kind.sendBatch) {
        const batch = batches.get(row.kind);
        if (batch) batch.push(row);
        else batches.set(row.kind, [row]);
        continue;
      }
      if (!gw) continue;
      const state = await this.attempt(gw, row.kind, row.key);
      if (state === 'acknowledged') report.acknowledged++;
      if (state === 'refused') report.refused++;
    }
    for (const [name, rows] of batches) {
      const size = this.kind(name).batchSize ?? 500;
      for (let i = 0; i < rows.length && !this.core.closed; i += size) {
        const acknowledged = await this.#tryBatch(name, rows.slice(i, i + size));
        report.acknowledged += acknowledged;
        // A failed batch: the rest would fail alike; they wait for the next round.
        if (acknowledged === 0) break;
      }
    }
    if (!this.core.closed) report.pending = this.core.store.outbox.list(filter).length;
    return report;
  }

  /** A failed try of `rows`: each due again after the backoff of `attempts` tries, in one commit. */
  #retryLater(kind: OutboxKind, rows: readonly OutboxRow[], err: unknown, code: string, attempts: number): void {
    const nextAttemptAt = this.core.clock() + backoffDelay(attempts, this.o.backoff, this.o.random);
    this.core.store.atomically(() => {
      for (const row of rows) {
        this.move(row, 'pending', { nextAttemptAt, lastError: code });
        kind.failed?.(row, err, nextAttemptAt);
      }
    });
  }

  /** The receiver took `rows`: acknowledged with its answer, and what other kinds owe for them, in one commit. */
  #acknowledge(kind: OutboxKind, rows: readonly OutboxRow[], answer: unknown): void {
    this.core.store.atomically(() => {
      for (const row of rows) {
        this.move(row, 'acknowledged', { nextAttemptAt: null, lastError: null, answer: answer ?? null });
        kind.acknowledged?.(row, answer);
        this.#followUp(row, 'acknowledged');
      }
    });
  }

  /** Rows other kinds owe now that `row` ended (inside the caller's commit). */
  #followUp(row: OutboxRow, state: 'acknowledged' | 'refused'): void {
    for (const k of this.#kinds.values()) {
      if (k.name === row.kind || !k.follows) continue;
      for (const r of k.follows(row, state)) {
        if (!this.core.store.outbox.get(k.name, r.key)) this.core.store.outbox.insert({ kind: k.name, key: r.key, parent: row.parent, payload: r.payload }, this.core.clock());
      }
    }
  }

  /** One try of a batch of rows of a batch-sending kind: claimed together, recorded together. Returns how many were acknowledged. */
  async #tryBatch(kindName: string, candidates: readonly OutboxRow[]): Promise<number> {
    const { core } = this;
    const kind = this.kind(kindName);
    let release!: () => void;
    const done = new Promise<OutboxState | undefined>((resolve) => (release = () => resolve(undefined)));
    const claimed: OutboxRow[] = [];
    for (const c of candidates) {
      const id = rowId(kindName, c.key);
      if (this.#inFlight.has(id)) continue;
      const row = core.store.outbox.get(kindName, c.key);
      if (!row || row.state !== 'pending') continue;
      this.#inFlight.set(id, done);
      claimed.push({ ...row, attempts: row.attempts + 1 });
    }
    try {
      if (claimed.length === 0) return 0;
      core.store.atomically(() => {
        for (const row of claimed) this.move(row, 'pending', { attempts: row.attempts });
      });
      let answer: unknown;
      try {
        answer = await kind.sendBatch!(claimed);
      } catch (err) {
        if (core.closed) return 0;
        this.#retryLater(kind, claimed, err, kind.errorText?.(err) ?? errorCode(err), Math.min(...claimed.map((r) => r.attempts)));
        return 0;
      }
      if (core.closed) return 0;
      this.#acknowledge(kind, claimed, answer);
      return claimed.length;
    } finally {
      for (const row of claimed) this.#inFlight.delete(rowId(kindName, row.key));
      release();
    }
  }

  /**
   * Runs due rows in the background until stopped: sleeps until the earliest
   * due row or heartbeat, then `runDue` and the heartbeats due (not waited
   * for: a slow receiver never holds the rows back).
   */
  start(gateway: Gateway): void {
    this.stop();
    const startedAt = this.core.clock();
    const loop = new RetryLoop({
      nextDue: () => (this.core.closed ? undefined : earliest(this.core.store.outbox.nextDue(), this.#nextBeat(startedAt))),
      runDue: async () => {
        await this.runDue(gateway);
        this.#beat(startedAt);
      },
      clock: this.core.clock,
      ...(this.o.timer ? { timer: this.o.timer } : {}),
      onError: (err) => this.core.log.log('error', 'outbox worker failed', { code: errorCode(err) }),
    });
    this.#loop = { gateway, loop };
    loop.start();
  }

  /** Heartbeats of the kinds that send (one in flight is not due again until it ends). */
  #heartbeats(): Array<[string, OutboxHeartbeat]> {
    const out: Array<[string, OutboxHeartbeat]> = [];
    for (const k of this.#kinds.values()) if (k.heartbeat && !k.dormant && !this.#beating.has(k.name)) out.push([k.name, k.heartbeat]);
    return out;
  }

  /** When the next heartbeat is due: `everyMs` after its kind last sent (or after the worker started). */
  #nextBeat(startedAt: number): number | undefined {
    let next: number | undefined;
    for (const [, h] of this.#heartbeats()) next = earliest(next, (h.lastSentAt() ?? startedAt) + h.everyMs);
    return next;
  }

  #beat(startedAt: number): void {
    const now = this.core.clock();
    for (const [name, h] of this.#heartbeats()) {
      if (this.core.closed || (h.lastSentAt() ?? startedAt) + h.everyMs > now) continue;
      this.#beating.add(name);
      void h
        .send()
        .catch((err: unknown) => {
          // One cut short by close() is no failure worth a warning.
          if (!this.core.closed) this.core.log.log('warn', 'outbox heartbeat failed', { kind: name, code: errorCode(err) });
        })
        .finally(() => {
          this.#beating.delete(name);
          this.poke();
        });
    }
  }

  /** Re-reads the next due time (after rows became due). */
  poke(): void {
    this.#loop?.loop.poke();
  }

  stop(): void {
    this.#loop?.loop.stop();
    this.#loop = undefined;
  }
}
