/**
 * `SettlementJournal`: the durable record that decides what happened to
 * every money message (2102 settle, 2103 cancel, 2601 reversal). The intent
 * (with the voucher codes it uses up) is committed in one synced commit
 * before a message leaves; an unknown outcome is never resent under a new
 * msgid but reversed by 2601 (reversals.ts) until the gateway acknowledges
 * it; recovery (recovery.ts) finishes what a crash left. The PIN block of a
 * request is never stored.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { systemClock, type Clock } from '../lib/clock.js';
import { errorCode, YibaoError } from '../lib/errors.js';
import { silentLogger, type Logger } from '../lib/log.js';
import { DEFAULT_BACKOFF, type Backoff } from '../lib/retry.js';
import type { Timer } from '../lib/timer.js';
import { dirname, join } from 'node:path';
import type { ReplayGuard } from '../voucher/types.js';
import { REPLAY_RETENTION_SEC } from '../voucher/verify.js';
import { CHINA_UTC_OFFSET_MIN } from '../gateway/local-time.js';
import type { Gateway, SequenceStore, SettleRequest, Settlement } from '../gateway/types.js';
import { isRefusal, JournalCore } from './core.js';
import { JournalError } from './errors.js';
import { clearingOfSettlement } from './clearing.js';
import { acquireLock, type JournalLock } from './lock.js';
import { MemoryJournalStore } from './memory-store.js';
import { reconcileDay, type ReconcileReport } from './reconcile.js';
import { recoverJournal } from './recovery.js';
import { importLegacyTraceFile } from './legacy.js';
import { Outbox } from './outbox/outbox.js';
import type { OutboxFilter, OutboxKind, OutboxRow, OutboxRunReport } from './outbox/row.js';
import { pendingReversals, REVERSAL, reverseOnce, reversalKind, scheduleReversal } from './reversals.js';
import { returnUploads, TRACE, traceKind, traceUploadOf, type TraceUploadOptions, type TraceUploadRow } from './trace/kind.js';
import { SqliteJournalStore } from './sqlite-store.js';
import { adoptPushRows, BACKOFFICE, backofficePush, dormantBackofficeKind, type BackofficePush, type BackofficePushOptions, type PushReport } from './push.js';
import { isUnfinished } from './states.js';
import type { EntryFilter, JournalEntry, NewEntry } from './entry.js';
import type { JournalStore } from './store.js';
import { checkSequenceRange, parseRangeKey, rangeKey, tillSequenceRange, WHOLE_SEQUENCE, type SequenceRange } from './till.js';
import type { JournalEvents, JournalHooks } from './events.js';
import type { CancelAnswer, CancelRequest, Journal, PendingReversal, RecoveryReport, SettleMeta } from './types.js';


/**
 * Options of `SettlementJournal.open`: clock, logger, and the reversal retry backoff.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface JournalOptions {
  clock?: Clock;
  logger?: Logger;
  backoff?: Backoff;
  /** Random numbers for the backoff jitter (tests pin them). */
  random?: () => number;
  /** Schedules the outbox worker's next round; default an unref'd `setTimeout`. */
  timer?: Timer;
  /** 3505 fields the terminal knows for its traceability uploads: who sold, the pharmacist on duty. */
  traceUpload?: TraceUploadOptions;
  /**
   * More kinds of outbox row (beside `reversal` and `trace`): each writes its
   * rows with the money messages it cares about and is sent by the same worker.
   */
  outboxKinds?: readonly OutboxKind[];
  /**
   * A trace outbox file (`trace.db`) kept by an earlier version, moved into
   * this journal when it opens (then renamed `.imported`); default `trace.db`
   * beside the journal file, `false` for none.
   */
  legacyTraceFile?: string | false;
  /**
   * The chain's back office: every 2102/2103 that ends, and every 3505/3506
   * the gateway acknowledged or refused, is pushed there by the outbox's
   * worker (in batches, signed with the till's key), never before the sale's answer.
   */
  backoffice?: BackofficePushOptions;
  /** Test-only fault points; see JournalHooks. */
  hooks?: JournalHooks;
  /** Local time offset for reconciliation days, minutes (default +480, China). */
  utcOffsetMin?: number;
  /**
   * This till's number (1-based): it owns block K of the pharmacy's msgid
   * sequence (see till.ts), so tills never make the same msgid.
   */
  till?: number;
  /**
   * This terminal's share of the 4-digit msgid sequence, when not derived
   * from `till`. A journal remembers its share and refuses another one
   * (JOURNAL_TILL_MISMATCH); without either it keeps the one it has (else all).
   */
  sequenceRange?: SequenceRange;
}

/** A code journaled with its sale is kept as long as the replay guard keeps it (its exp is at most a minute away). */
const JTI_KEEP_SEC = REPLAY_RETENTION_SEC + 60;
/** How many codes verified but not yet used by a sale are remembered as written (several tills' scanners at most). */
const RECORDED_KEEP = 64;

/**
 * The durable settlement journal (SQLite): every money message is written and synced before it leaves, unknown outcomes are reversed until the gateway confirms, and `recover`/`reconcile` finish and check a day. One process per file (a lock).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
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
export class SettlementJournal extends EventEmitter<JournalEvents> implements Journal {
  readonly #core: JournalCore;
  readonly #store: JournalStore;
  readonly #lock: JournalLock | undefined;
  readonly #outbox: Outbox;
  readonly #traceOffset: number | undefined;
  readonly #offset: number;
  readonly #range: SequenceRange;
  readonly #push: BackofficePush | undefined;
  #recovered = false;
  /** Codes this journal's own guard wrote to its file and no intent has used yet (a bounded few). */
  readonly #recordedHere = new Set<string>();

  private constructor(store: JournalStore, lock: JournalLock | undefined, range: SequenceRange, opts: JournalOptions) {
    super();
    this.#store = store;
    this.#lock = lock;
    this.#core = new JournalCore(store, opts.clock ?? systemClock, opts.logger ?? silentLogger, opts.hooks ?? {}, this);
    const core = this.#core;
    this.#push = opts.backoffice ? backofficePush(opts.backoffice, core) : undefined;
    const kinds = [reversalKind(core), traceKind(opts.traceUpload ?? {}, core.log), (this.#push?.kind ?? dormantBackofficeKind()) as OutboxKind, ...(opts.outboxKinds ?? [])];
    this.#outbox = new Outbox(core, kinds, {
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      random: opts.random ?? Math.random,
      timer: opts.timer,
    });
    core.ended = (msgid, entry) => this.#outbox.settleHeld(msgid, entry);
    this.#traceOffset = opts.traceUpload?.utcOffsetMin;
    this.#offset = opts.utcOffsetMin ?? CHINA_UTC_OFFSET_MIN;
    this.#range = range;
  }

  /** Opens (or creates) a journal file and takes its lock (`JOURNAL_LOCKED` names the holder pid). */
  static async open(file: string, opts: JournalOptions = {}): Promise<SettlementJournal> {
    const wanted = wantedRange(opts);
    const lock = await acquireLock(file);
    let store: SqliteJournalStore | undefined;
    try {
      store = await SqliteJournalStore.open(file);
      const range = adoptRange(store, wanted);
      const legacy = opts.legacyTraceFile ?? join(dirname(file), 'trace.db');
      if (legacy !== false) await importLegacyTraceFile(store, legacy);
      if (opts.backoffice) {
        const pushed = opts.backoffice.legacyStateFile ?? `${file}.pushed.json`;
        await adoptPushRows(store, pushed === false ? undefined : pushed, (opts.clock ?? systemClock)());
      }
      const journal = new SettlementJournal(store, lock, range, opts);
      // Rows left waiting on a message that ended (a crash between the two, or imported just now).
      journal.#outbox.settleAllHeld();
      return journal;
    } catch (err) {
      store?.close();
      lock.release();
      if (YibaoError.is(err)) throw err;
      throw new JournalError('JOURNAL_STORE_FAILED', { cause: err, details: { file } });
    }
  }

  /** A journal in memory (tests, demos): the same rules, nothing survives the process. */
  static inMemory(opts: JournalOptions = {}): SettlementJournal {
    const store = new MemoryJournalStore();
    const journal = new SettlementJournal(store, undefined, adoptRange(store, wantedRange(opts)), opts);
    return journal;
  }

  /** This journal's share of the msgid sequence. */
  get sequenceRange(): SequenceRange {
    return { ...this.#range };
  }

  /** A durable msgid sequence for the gateway client: no msgid repeats, also across restarts. */
  sequence(): SequenceStore {
    const { start, size } = this.#range;
    return {
      nextSeq: (second) => {
        const n = this.#core.write(() => this.#store.nextSeq(second));
        // Past this till's share: an out-of-range value makes the client refuse (GATEWAY_MSGID_EXHAUSTED).
        return n < size ? start + n : 10_000;
      },
    };
  }

  /**
   * A replay guard over the journal's own file: a code is recorded when it is
   * verified (written, not yet synced); the synced commit of the sale that
   * uses it makes it durable (the WAL is synced in order), so that intent
   * does not write it again. A code recorded by another guard is written
   * with the intent.
   */
  replayGuard(): ReplayGuard {
    return {
      checkAndRecord: (jti, forgetAfterSec, nowSec) => {
        const fresh = this.#core.write(() => this.#store.checkAndRecordJti(jti, forgetAfterSec, nowSec));
        if (fresh) {
          this.#recordedHere.add(jti);
          // Codes verified and never used (the sale was cancelled) are let go, oldest first.
          if (this.#recordedHere.size > RECORDED_KEEP) this.#recordedHere.delete(this.#recordedHere.values().next().value as string);
        }
        return fresh;
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
      insutype: req.insutype,
      ...(meta.receiptRef ? { ref: meta.receiptRef } : {}),
    };
    const forget = meta.forgetAfterSec ?? Math.floor(this.#core.clock() / 1000) + JTI_KEEP_SEC;
    const jtis = [meta.jti, ...(meta.payerJti ? [meta.payerJti] : [])].filter((jti) => !this.#recordedHere.delete(jti)).map((jti) => ({ jti, forgetAfterSec: forget }));
    return this.#send(gateway, entry, jtis, (opts) => gateway.settle(req, opts), meta.signal, meta.confirmReceipt !== true);
  }

  /** The outbox rows a message owes (written with its intent): each kind's `rowsFor`. */
  #rowsFor(gateway: Gateway, e: NewEntry) {
    const intent = { msgid: e.msgid, infno: e.infno, psnNo: e.psnNo, insuplcAdmdvs: e.insuplcAdmdvs, amountFen: e.amountFen, items: e.items ?? [], ref: e.ref ?? {} };
    return this.#outbox.rowsFor(intent, gateway);
  }

  /** The receipt of a booked 2102 reached the cashier: recovery will not show it again. */
  receiptShown(msgid: string): void {
    this.#core.write(() => this.#store.markShown(msgid, this.#core.clock()));
  }

  /**
   * 2103 cancel of a booked sale, journaled the same way (an unknown outcome
   * is reversed). Refused with JOURNAL_CANCEL_PENDING while an earlier cancel
   * of the same settlement is unfinished: its reversal could still land after
   * a second cancel and charge the account again.
   */
  async cancel(gateway: Gateway, req: CancelRequest, meta: { msgid: string; signal?: AbortSignal }): Promise<CancelAnswer> {
    this.#core.checkOpen();
    const earlier = this.#store.open().find((e) => e.infno === '2103' && e.ref.setlId === req.setlId && isUnfinished(e));
    if (earlier) {
      throw new JournalError('JOURNAL_CANCEL_PENDING', { details: { setlId: req.setlId, msgid: earlier.msgid, state: earlier.state } });
    }
    const entry: NewEntry = {
      msgid: meta.msgid,
      infno: '2103',
      psnNo: req.psnNo,
      insuplcAdmdvs: req.insuplcAdmdvs,
      amountFen: req.amountFen,
      ref: { setlId: req.setlId, mdtrtId: req.mdtrtId },
    };
    const { amountFen: _amount, ...wire } = req;
    return this.#send(gateway, entry, [], (opts) => gateway.cancel(wire, opts), meta.signal, false);
  }

  async #send<T>(
    gateway: Gateway,
    entry: NewEntry,
    jtis: ReadonlyArray<{ jti: string; forgetAfterSec: number }>,
    call: (opts: { msgid: string; signal?: AbortSignal }) => Promise<T>,
    signal: AbortSignal | undefined,
    shownWhenBooked: boolean,
  ): Promise<T> {
    const core = this.#core;
    core.checkOpen();
    if (!this.#recovered) {
      const blocking = this.#store.open().filter((e) => isUnfinished(e) && e.state !== 'reversal_pending' && e.infno !== '2601');
      if (blocking.length > 0) throw new JournalError('JOURNAL_RECOVERY_REQUIRED', { details: { unfinished: blocking.length } });
    }
    const { msgid } = entry;
    // Test hooks (the chaos harness kills here); production passes none and awaits nothing.
    if (core.hooks.at) await core.hooks.at('before-intent-sync', msgid);
    const rows = this.#rowsFor(gateway, entry);
    core.write(() => this.#store.insertIntent(entry, core.clock(), jtis, rows));
    // Rows wait on a message only when written with its intent (or imported at open, and settled there).
    const waits = rows.length > 0;
    this.emit('state', { msgid, infno: entry.infno, state: 'intent' });
    if (core.hooks.at) await core.hooks.at('after-intent', msgid);
    core.sent(msgid, entry.infno);
    let value: T;
    try {
      if (core.hooks.at) await core.hooks.at('in-flight', msgid);
      value = await call(signal ? { msgid, signal } : { msgid });
    } catch (err) {
      if (isRefusal(err)) {
        core.move(msgid, 'refused', { errorCode: errorCode(err) }, waits);
        throw err;
      }
      return this.#unknown(gateway, msgid, err);
    }
    if (core.hooks.at) await core.hooks.at('after-answer', msgid);
    const clearing = entry.infno === '2102' ? { clearing: clearingOfSettlement(value as Settlement, entry.insuplcAdmdvs) } : {};
    core.move(msgid, 'booked', { answer: value, errorCode: null, bookedAt: core.clock(), ...clearing }, waits);
    if (shownWhenBooked && entry.infno === '2102') core.write(() => this.#store.markShown(msgid, core.clock()));
    // Rows written with it are due now: the worker sends them after the sale, never before its answer.
    if (rows.length > 0) this.#outbox.poke();
    if (core.hooks.at) await core.hooks.at('after-booked', msgid);
    return value;
  }

  async #unknown(gateway: Gateway, msgid: string, err: unknown): Promise<never> {
    const core = this.#core;
    const code = errorCode(err);
    core.log.log('warn', 'money message outcome unknown: reversing', { msgid, code });
    core.move(msgid, 'unknown', { errorCode: code });
    scheduleReversal(core, this.#outbox, msgid);
    const done = await reverseOnce(this.#outbox, core, gateway, msgid);
    const e = this.#store.get(msgid);
    if (!done) this.#outbox.poke();
    throw new JournalError('JOURNAL_OUTCOME_UNKNOWN', {
      cause: err,
      details: { msgid, amountFen: e?.amountFen ?? 0, reversal: done === 'kept' ? 'kept' : done ? 'done' : 'pending' },
    });
  }

  /** Finishes every unfinished entry and reports each (see recovery.ts). */
  async recover(gateway: Gateway): Promise<RecoveryReport> {
    const report = await recoverJournal(this.#core, this.#outbox, gateway);
    this.#recovered = true;
    this.#outbox.poke();
    return report;
  }

  /** Settlements not paid whose reversal the gateway has not acknowledged yet, with their amounts. */
  pending(): PendingReversal[] {
    this.#core.checkOpen();
    return pendingReversals(this.#core);
  }

  /**
   * Runs the outbox in the background: reversals, traceability uploads and
   * every other kind, each retried (jittered capped backoff) until acknowledged.
   */
  startOutbox(gateway: Gateway): void {
    this.#core.checkOpen();
    this.#outbox.start(gateway);
  }

  stopOutbox(): void {
    this.#outbox.stop();
  }

  /** The same as `startOutbox` (the outbox began as the reversal worker). */
  startReversals(gateway: Gateway): void {
    this.startOutbox(gateway);
  }

  /** The same as `stopOutbox`. */
  stopReversals(): void {
    this.stopOutbox();
  }

  /** Attempts every reversal that is due now; resolves with how many the gateway acknowledged. */
  async runDueReversals(gateway?: Gateway): Promise<number> {
    return (await this.#outbox.runDue(gateway, { kind: REVERSAL })).acknowledged;
  }

  /**
   * Sends the outbox rows due now (with `all`, every pending one; with
   * `kind`, of that kind only), one at a time; a row already in flight is
   * waited for, never sent twice.
   */
  runOutbox(gateway?: Gateway, opts: { kind?: string; all?: boolean } = {}): Promise<OutboxRunReport> {
    return this.#outbox.runDue(gateway, opts);
  }

  /**
   * Pushes to the back office now (with `backoffice` set): every pending
   * push row, in batches, or the till's status alone when none is; says what
   * is left. Undefined without a back office. Never needed for a sale: the
   * outbox's worker pushes in the background.
   */
  async pushToBackoffice(): Promise<PushReport | undefined> {
    const push = this.#push;
    if (!push) return undefined;
    this.#core.checkOpen();
    const before = { ...push.totals };
    const due = this.#outbox.list({ kind: BACKOFFICE, state: 'pending' }).length;
    let error: string | undefined;
    if (due === 0) await push.sendStatus().catch((err: unknown) => (error = (err as Error).message.slice(0, 200)));
    else await this.#outbox.runDue(undefined, { kind: BACKOFFICE, all: true });
    const left = this.#outbox.list({ kind: BACKOFFICE, state: 'pending' });
    error ??= left.find((r) => r.lastError !== null)?.lastError ?? undefined;
    return {
      pushed: push.totals.accepted - before.accepted,
      duplicates: push.totals.duplicates - before.duplicates,
      remaining: left.length,
      ...(error !== undefined && (left.length > 0 || due === 0) ? { error } : {}),
    };
  }

  /** Outbox rows, oldest first. */
  outbox(filter: OutboxFilter = {}): OutboxRow[] {
    this.#core.checkOpen();
    return this.#outbox.list(filter);
  }

  /**
   * The sale was cancelled (2103 booked) or reversed after it booked: each
   * of its lines the gateway acknowledged (3505) goes back with a 3506 row,
   * due now; a line not sent yet never goes. Returns how many returns.
   */
  returnTraceUploads(gateway: Gateway, saleMsgid: string): number {
    this.#core.checkOpen();
    return returnUploads(this.#core, this.#outbox, gateway, saleMsgid, this.#traceOffset);
  }

  /** The traceability uploads (3505) of a sale by its 2102 msgid, or all of them. */
  traceUploads(saleMsgid?: string): TraceUploadRow[] {
    return this.outbox({ kind: TRACE, ...(saleMsgid !== undefined ? { parent: saleMsgid } : {}) }).map(traceUploadOf);
  }

  /** Entries, oldest first, optionally of one state. */
  list(filter: EntryFilter = {}): JournalEntry[] {
    this.#core.checkOpen();
    return this.#store.list(filter);
  }

  get(msgid: string): JournalEntry | undefined {
    this.#core.checkOpen();
    return this.#store.get(msgid);
  }

  /** Compares the journal's booked totals of a day (local time) with the gateway's 3201. */
  async reconcile(gateway: Gateway, day: string): Promise<ReconcileReport> {
    this.#core.checkOpen();
    return reconcileDay(gateway, [this.#store.list()], day, this.#offset);
  }

  /** Stops the worker, closes the store and releases the lock. Idempotent. */
  async close(): Promise<void> {
    if (this.#core.closed) return;
    this.stopOutbox();
    this.#core.closed = true;
    this.#store.close();
    this.#lock?.release();
  }
}

function wantedRange(opts: JournalOptions): SequenceRange | undefined {
  const fromTill = opts.till === undefined ? undefined : tillSequenceRange(opts.till);
  const given = opts.sequenceRange === undefined ? undefined : checkSequenceRange(opts.sequenceRange);
  if (fromTill && given && rangeKey(fromTill) !== rangeKey(given)) {
    throw new JournalError('JOURNAL_TILL_INVALID', { details: { till: opts.till, reason: 'sequenceRange is not this till’s block' } });
  }
  return fromTill ?? given;
}

/** The journal keeps the share it was first given; another one could repeat msgids already sent. */
function adoptRange(store: JournalStore, wanted: SequenceRange | undefined): SequenceRange {
  const storedKey = store.meta('sequence');
  const stored = storedKey === undefined ? undefined : parseRangeKey(storedKey);
  if (wanted === undefined) return stored ?? WHOLE_SEQUENCE;
  if (stored && rangeKey(stored) !== rangeKey(wanted)) {
    throw new JournalError('JOURNAL_TILL_MISMATCH', { details: { journal: rangeKey(stored), asked: rangeKey(wanted) } });
  }
  if (!stored) store.setMeta('sequence', rangeKey(wanted));
  return wanted;
}
