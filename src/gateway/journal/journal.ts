/**
 * `SettlementJournal`: the durable record that decides what happened to
 * every money message (2102 settle, 2103 cancel, 2601 reversal). The intent
 * is committed (WAL, synchronous=FULL) before a message leaves; an unknown
 * outcome is never resent under a new msgid but reversed by 2601, retried
 * with capped backoff in the background and across restarts until the
 * gateway acknowledges it. The PIN block of a request is never stored.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { systemClock, type Clock } from '../../lib/clock.js';
import { YibaoError } from '../../lib/errors.js';
import { silentLogger, type Logger } from '../../lib/log.js';
import { migrate, openDatabase, type Database } from '../../lib/sqlite.js';
import type { Gateway, MoneyInfno, SequenceStore, SettleRequest, Settlement } from '../types.js';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from './backoff.js';
import { JournalError } from './errors.js';
import { acquireLock, type JournalLock } from './lock.js';
import { reconcileDay, type ReconcileReport } from './reconcile.js';
import { canMove, type EntryState } from './states.js';
import { JournalStore, SCHEMA, type JournalEntry, type NewEntry, type StateChange } from './store.js';

/**
 * Named points of a money message, for fault-injection tests only (the chaos
 * harness kills the process there). Production code passes no hooks.
 */
export type JournalPoint = 'before-intent-sync' | 'after-intent' | 'in-flight' | 'after-answer' | 'during-reversal';

export interface JournalHooks {
  /** Test-only: called (and awaited) at each point; the chaos harness kills the process here. */
  at?(point: JournalPoint, msgid: string): void | Promise<void>;
}

/**
 * Schedules the next reversal round; default `setTimeout` (unref'd). Tests inject their own.
 *
 * Exported from `yibao-pos`.
 */
export type Timer = (ms: number, fn: () => void) => () => void;

const defaultTimer: Timer = (ms, fn) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

/**
 * Options of `SettlementJournal.open`: clock, logger, and the reversal retry backoff.
 *
 * Exported from `yibao-pos`.
 */
export interface JournalOptions {
  clock?: Clock;
  logger?: Logger;
  backoff?: Backoff;
  timer?: Timer;
  /** Test-only fault points; see JournalHooks. */
  hooks?: JournalHooks;
  /** Local time offset for reconciliation days, minutes (default +480, China). */
  utcOffsetMin?: number;
  /**
   * This terminal's share of the 4-digit msgid sequence (default all of
   * 0..9999). Terminals of one pharmacy share its code, so each needs its own
   * range or two of them can make the same msgid in the same second.
   */
  sequenceRange?: { start: number; size: number };
}

/**
 * A settlement reported not paid whose reversal is still being retried: msgid, amount, attempts, last error.
 *
 * Exported from `yibao-pos`.
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
 * What `SettlementJournal.recover` found and did: entries booked after a query, reversed, and still pending.
 *
 * Exported from `yibao-pos`.
 */
export interface RecoveryReport {
  /** Unfinished entries found at start. */
  found: number;
  /** Entries the gateway had booked (5203): the terminal now knows them. */
  booked: Array<{ msgid: string; amountFen: number }>;
  /** Entries reversed during recovery. */
  reversed: Array<{ msgid: string; amountFen: number }>;
  /** Reversals still not acknowledged (retried in the background). */
  pending: PendingReversal[];
}

/**
 * The message facts `SettlementJournal.settle` journals with a 2102: msgid, the voucher `jti`s, the cancel signal.
 *
 * Exported from `yibao-pos`.
 */
export interface SettleMeta {
  msgid: string;
  jti: string;
  payerJti?: string;
  signal?: AbortSignal;
}

/**
 * A 2103 cancellation as `SettlementJournal.cancel` journals it: the settlement to cancel and its amount.
 *
 * Exported from `yibao-pos`.
 */
export interface CancelRequest {
  psnNo: string;
  setlId: string;
  mdtrtId: string;
  insuplcAdmdvs: string;
  amountFen: number;
}

/**
 * The events a `SettlementJournal` emits as entries change state.
 *
 * Exported from `yibao-pos`.
 */
export interface JournalEvents {
  state: (e: { msgid: string; infno: MoneyInfno; state: EntryState }) => void;
  reversed: (e: { msgid: string; amountFen: number; attempts: number }) => void;
  'reversal-failed': (e: { msgid: string; amountFen: number; attempts: number; nextAttemptAt: number; code: string }) => void;
}

const errorCode = (err: unknown): string => (YibaoError.is(err) ? err.code : err instanceof Error ? err.name : 'ERROR');

/** A refusal with a known outcome (nothing booked); anything else counts as unknown. */
const isRefusal = (err: unknown): boolean => YibaoError.is(err) && (err as { outcome?: string }).outcome === 'refused';

/**
 * The durable settlement journal (SQLite, `synchronous = FULL`): every money message is written before it leaves, unknown outcomes are reversed until the gateway confirms, and `recover`/`reconcile` finish and check a day. One process per file (a lock).
 *
 * Exported from `yibao-pos`.
 *
 * @example
 * ```ts
 * import { GatewayClient, SettlementJournal } from 'yibao-pos';
 * const journal = await SettlementJournal.open('/var/lib/pos/journal.db');
 * const client = new GatewayClient({ ...options, sequence: journal.sequence() });
 * const report = await journal.recover(client);
 * console.log(report.pending.length, 'reversals pending');
 * await journal.close();
 * ```
 */
export class SettlementJournal extends EventEmitter<JournalEvents> {
  readonly #db: Database;
  readonly #store: JournalStore;
  readonly #lock: JournalLock;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #backoff: Backoff;
  readonly #timer: Timer;
  readonly #hooks: JournalHooks;
  readonly #offset: number;
  readonly #range: { start: number; size: number };
  #recovered = false;
  #closed = false;
  #worker: { gateway: Gateway; cancel?: () => void; running?: Promise<void> } | undefined;
  /** msgids whose reversal is being attempted right now (one attempt at a time). */
  readonly #reversing = new Set<string>();

  private constructor(db: Database, lock: JournalLock, opts: JournalOptions) {
    super();
    this.#db = db;
    this.#store = new JournalStore(db);
    this.#lock = lock;
    this.#clock = opts.clock ?? systemClock;
    this.#log = opts.logger ?? silentLogger;
    this.#backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.#timer = opts.timer ?? defaultTimer;
    this.#hooks = opts.hooks ?? {};
    this.#offset = opts.utcOffsetMin ?? 480;
    this.#range = opts.sequenceRange ?? { start: 0, size: 10_000 };
  }

  /** Opens (or creates) a journal file and takes its lock (`JOURNAL_LOCKED` names the holder pid). */
  static async open(file: string, opts: JournalOptions = {}): Promise<SettlementJournal> {
    const r = opts.sequenceRange;
    if (r && !(Number.isInteger(r.start) && Number.isInteger(r.size) && r.start >= 0 && r.size > 0 && r.start + r.size <= 10_000)) {
      throw new RangeError('sequenceRange must lie within 0..9999');
    }
    const lock = acquireLock(file);
    try {
      const db = await openDatabase(file);
      try {
        migrate(db, SCHEMA);
      } catch (err) {
        db.close();
        throw err;
      }
      return new SettlementJournal(db, lock, opts);
    } catch (err) {
      lock.release();
      if (YibaoError.is(err)) throw err;
      throw new JournalError('JOURNAL_STORE_FAILED', { cause: err, details: { file } });
    }
  }

  /** A durable msgid sequence for the gateway client: no msgid repeats, also across restarts. */
  sequence(): SequenceStore {
    const { start, size } = this.#range;
    return {
      nextSeq: (second) => {
        const n = this.#write(() => this.#store.nextSeq(second));
        // Past this terminal's share: an out-of-range value makes the client refuse (GATEWAY_MSGID_EXHAUSTED).
        return n < size ? start + n : 10_000;
      },
    };
  }

  /**
   * 2102 through the journal. Resolves with the settlement when booked;
   * rethrows the gateway's refusal (nothing booked); on an unknown outcome
   * reverses and throws `JOURNAL_OUTCOME_UNKNOWN` (not paid).
   */
  async settle(gateway: Gateway, req: SettleRequest, meta: SettleMeta): Promise<Settlement> {
    const entry: NewEntry = {
      msgid: meta.msgid,
      infno: '2102',
      psnNo: req.psnNo,
      insuplcAdmdvs: req.insuplcAdmdvs,
      jti: meta.jti,
      payerJti: meta.payerJti,
      amountFen: req.totalFen,
      items: req.items,
    };
    return this.#send(gateway, entry, (opts) => gateway.settle(req, opts), meta.signal, (s) => s);
  }

  /** 2103 cancel of a booked sale, journaled the same way (an unknown outcome is reversed). */
  async cancel(
    gateway: Gateway,
    req: CancelRequest,
    meta: { msgid: string; signal?: AbortSignal },
  ): Promise<{ acctPayFen: number; acctMulaidPayFen: number; balanceFen: number }> {
    const entry: NewEntry = {
      msgid: meta.msgid,
      infno: '2103',
      psnNo: req.psnNo,
      insuplcAdmdvs: req.insuplcAdmdvs,
      amountFen: req.amountFen,
      ref: { setlId: req.setlId, mdtrtId: req.mdtrtId },
    };
    const { amountFen: _amount, ...wire } = req;
    return this.#send(gateway, entry, (opts) => gateway.cancel(wire, opts), meta.signal, (a) => a);
  }

  async #send<T>(
    gateway: Gateway,
    entry: NewEntry,
    call: (opts: { msgid: string; signal?: AbortSignal }) => Promise<T>,
    signal: AbortSignal | undefined,
    answerOf: (value: T) => unknown,
  ): Promise<T> {
    this.#checkOpen();
    if (!this.#recovered && this.#store.unfinished().some((e) => e.state !== 'reversal_pending' && e.infno !== '2601')) {
      throw new JournalError('JOURNAL_RECOVERY_REQUIRED', { details: { unfinished: this.#store.unfinished().length } });
    }
    if (this.#store.has(entry.msgid)) throw new JournalError('JOURNAL_MSGID_USED', { details: { msgid: entry.msgid } });
    const { msgid } = entry;
    await this.#hooks.at?.('before-intent-sync', msgid);
    this.#write(() => this.#store.insert(entry, this.#clock()));
    this.#emitState(msgid, entry.infno, 'intent');
    await this.#hooks.at?.('after-intent', msgid);
    this.#move(msgid, 'sent');
    let value: T;
    try {
      await this.#hooks.at?.('in-flight', msgid);
      value = await call(signal ? { msgid, signal } : { msgid });
    } catch (err) {
      if (isRefusal(err)) {
        this.#move(msgid, 'refused', { errorCode: errorCode(err) });
        throw err;
      }
      return this.#unknown(gateway, msgid, err);
    }
    await this.#hooks.at?.('after-answer', msgid);
    const now = this.#clock();
    this.#move(msgid, 'booked', { answer: answerOf(value), errorCode: null, bookedAt: now });
    return value;
  }

  async #unknown(gateway: Gateway, msgid: string, err: unknown): Promise<never> {
    const code = errorCode(err);
    this.#log.log('warn', 'money message outcome unknown: reversing', { msgid, code });
    this.#move(msgid, 'unknown', { errorCode: code });
    this.#move(msgid, 'reversal_pending', { nextAttemptAt: this.#clock() });
    const done = await this.#reverseOnce(gateway, msgid);
    const e = this.#store.get(msgid);
    if (!done) this.#schedule();
    throw new JournalError('JOURNAL_OUTCOME_UNKNOWN', {
      cause: err,
      details: { msgid, amountFen: e?.amountFen ?? 0, reversal: done ? 'done' : 'pending' },
    });
  }

  /** One 2601 attempt for a reversal_pending entry; true once acknowledged. */
  async #reverseOnce(gateway: Gateway, omsgid: string): Promise<boolean> {
    if (this.#reversing.has(omsgid)) return false;
    const orig = this.#store.get(omsgid);
    if (!orig || orig.state !== 'reversal_pending') return orig?.state === 'reversed';
    this.#reversing.add(omsgid);
    try {
      const attempts = orig.attempts + 1;
      let msgid: string | undefined;
      try {
        msgid = gateway.newMsgid();
        const row: NewEntry = { msgid, infno: '2601', psnNo: orig.psnNo, insuplcAdmdvs: orig.insuplcAdmdvs, amountFen: orig.amountFen, omsgid };
        this.#write(() => this.#store.insert(row, this.#clock()));
        this.#move(omsgid, 'reversal_pending', { attempts });
        this.#move(msgid, 'sent');
        await this.#hooks.at?.('during-reversal', omsgid);
        await gateway.reverse({ psnNo: orig.psnNo, omsgid, oinfno: orig.infno, insuplcAdmdvs: orig.insuplcAdmdvs }, { msgid });
      } catch (err) {
        if (this.#closed) return false;
        const code = errorCode(err);
        if (msgid !== undefined && this.#store.get(msgid)?.state === 'sent') {
          this.#move(msgid, isRefusal(err) ? 'refused' : 'unknown', { errorCode: code });
        }
        const nextAttemptAt = this.#clock() + backoffDelay(attempts, this.#backoff);
        this.#move(omsgid, 'reversal_pending', { attempts, nextAttemptAt, errorCode: code });
        this.#log.log('warn', 'reversal not acknowledged', { msgid: omsgid, attempts, code });
        this.emit('reversal-failed', { msgid: omsgid, amountFen: orig.amountFen, attempts, nextAttemptAt, code });
        return false;
      }
      if (this.#closed) return false;
      this.#move(msgid, 'booked', { bookedAt: this.#clock() });
      this.#move(omsgid, 'reversed', { attempts, nextAttemptAt: null });
      this.#log.log('info', 'reversal acknowledged', { msgid: omsgid, attempts });
      this.emit('reversed', { msgid: omsgid, amountFen: orig.amountFen, attempts });
      return true;
    } finally {
      this.#reversing.delete(omsgid);
    }
  }

  /**
   * Finishes every entry that is not final, before the terminal takes a new
   * sale: a 2102 that was sent (or maybe sent) is looked up by 5203 — booked
   * means the terminal now knows it; otherwise it is reversed (a late request
   * could still arrive: the reversal voids the msgid forever). 2103s are
   * reversed; pending reversals are retried once now.
   */
  async recover(gateway: Gateway): Promise<RecoveryReport> {
    this.#checkOpen();
    const unfinished = this.#store.unfinished();
    const report: RecoveryReport = { found: unfinished.length, booked: [], reversed: [], pending: [] };
    for (const e of unfinished) {
      if (e.infno === '2601') {
        // An interrupted reversal attempt: its parent is still reversal_pending and is retried below.
        this.#move(e.msgid, 'unknown', { errorCode: 'INTERRUPTED' });
        continue;
      }
      if (e.state === 'reversal_pending') continue;
      if (e.infno === '2102') {
        let found: Settlement | null | undefined;
        try {
          found = await gateway.query({ psnNo: e.psnNo, omsgid: e.msgid, insuplcAdmdvs: e.insuplcAdmdvs });
        } catch (err) {
          this.#log.log('warn', 'recovery query failed: reversing', { msgid: e.msgid, code: errorCode(err) });
        }
        if (found) {
          if (e.state === 'intent') this.#move(e.msgid, 'sent');
          this.#move(e.msgid, 'booked', { answer: found, errorCode: null, bookedAt: this.#clock() });
          report.booked.push({ msgid: e.msgid, amountFen: e.amountFen });
          continue;
        }
      }
      if (e.state !== 'unknown') this.#move(e.msgid, 'unknown', { errorCode: 'INTERRUPTED' });
      this.#move(e.msgid, 'reversal_pending', { nextAttemptAt: this.#clock() });
    }
    for (const e of this.#store.list({ state: 'reversal_pending' })) {
      if (await this.#reverseOnce(gateway, e.msgid)) report.reversed.push({ msgid: e.msgid, amountFen: e.amountFen });
    }
    this.#recovered = true;
    report.pending = this.pending();
    if (report.pending.length > 0 && this.#worker) this.#schedule();
    this.#log.log('info', 'journal recovered', { found: report.found, booked: report.booked.length, reversed: report.reversed.length, pending: report.pending.length });
    return report;
  }

  /** Settlements not paid whose reversal the gateway has not acknowledged yet, with their amounts. */
  pending(): PendingReversal[] {
    return this.#store.list({ state: 'reversal_pending' }).map((e) => ({
      msgid: e.msgid,
      infno: e.infno,
      psnNo: e.psnNo,
      amountFen: e.amountFen,
      attempts: e.attempts,
      nextAttemptAt: e.nextAttemptAt,
      lastError: e.errorCode,
    }));
  }

  /** Retries pending reversals in the background (capped backoff) until each is acknowledged. */
  startReversals(gateway: Gateway): void {
    this.#checkOpen();
    this.stopReversals();
    this.#worker = { gateway };
    this.#schedule();
  }

  stopReversals(): void {
    this.#worker?.cancel?.();
    this.#worker = undefined;
  }

  /** Attempts every reversal that is due now (the background worker calls this; tests may too). */
  async runDueReversals(gateway?: Gateway): Promise<number> {
    const gw = gateway ?? this.#worker?.gateway;
    if (!gw || this.#closed) return 0;
    const now = this.#clock();
    let done = 0;
    for (const p of this.pending()) {
      if (this.#closed) break;
      if ((p.nextAttemptAt ?? 0) <= now && (await this.#reverseOnce(gw, p.msgid))) done++;
    }
    return done;
  }

  #schedule(): void {
    const w = this.#worker;
    if (!w || this.#closed) return;
    w.cancel?.();
    const next = this.pending().reduce<number | undefined>((m, p) => Math.min(m ?? Infinity, p.nextAttemptAt ?? 0), undefined);
    if (next === undefined) return;
    const delay = Math.max(0, next - this.#clock());
    w.cancel = this.#timer(delay, () => {
      if (this.#worker !== w || this.#closed) return;
      w.running = this.runDueReversals(w.gateway)
        .then(() => undefined)
        .catch((err: unknown) => this.#log.log('error', 'reversal worker failed', { code: errorCode(err) }))
        .finally(() => {
          w.running = undefined;
          this.#schedule();
        });
    });
  }

  /** Entries, oldest first, optionally of one state. */
  list(filter: { state?: EntryState; infno?: MoneyInfno } = {}): JournalEntry[] {
    this.#checkOpen();
    return this.#store.list(filter);
  }

  get(msgid: string): JournalEntry | undefined {
    this.#checkOpen();
    return this.#store.get(msgid);
  }

  /** Compares the journal's booked totals of a day (local time) with the gateway's 3201. */
  async reconcile(gateway: Gateway, day: string): Promise<ReconcileReport> {
    this.#checkOpen();
    return reconcileDay(gateway, this.#store.list(), day, this.#offset);
  }

  /** Stops the worker, closes the database and releases the lock. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.stopReversals();
    this.#closed = true;
    this.#db.close();
    this.#lock.release();
  }

  #checkOpen(): void {
    if (this.#closed) throw new JournalError('JOURNAL_CLOSED');
  }

  #write<T>(fn: () => T): T {
    this.#checkOpen();
    try {
      return fn();
    } catch (err) {
      if (YibaoError.is(err)) throw err;
      throw new JournalError('JOURNAL_STORE_FAILED', { cause: err });
    }
  }

  #move(msgid: string, to: EntryState, change: StateChange = {}): void {
    const e = this.#store.get(msgid);
    if (!e) throw new JournalError('JOURNAL_STORE_FAILED', { details: { msgid, reason: 'no such entry' } });
    if (e.state !== to && !canMove(e.state, to)) {
      throw new JournalError('JOURNAL_STORE_FAILED', { details: { msgid, reason: `illegal move ${e.state} -> ${to}` } });
    }
    this.#write(() => this.#store.setState(msgid, to, this.#clock(), change));
    if (e.state !== to) this.#emitState(msgid, e.infno, to);
  }

  #emitState(msgid: string, infno: MoneyInfno, state: EntryState): void {
    this.emit('state', { msgid, infno, state });
  }
}
