/**
 * `TraceOutbox`: the durable outbox of 3505 traceability uploads. A sale's
 * uploads are written (`waiting`) before its 2102 leaves, become due
 * (`pending`) once it booked, and are sent after the sale, retried with the
 * journal's capped backoff, in the background and across restarts, until
 * the gateway acknowledges them. Each upload keeps one msgid for all its
 * tries: the gateway answers a repeat from its record, so a retry after a
 * lost answer never records the codes twice. A sale that did not book voids
 * its uploads; at start, uploads still `waiting` are settled from the
 * journal's outcome of their sale.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { systemClock, type Clock } from '../../lib/clock.js';
import { YibaoError } from '../../lib/errors.js';
import { silentLogger, type Logger } from '../../lib/log.js';
import { migrate, openDatabase, type Database } from '../../lib/sqlite.js';
import { unrefTimer, type Timer } from '../../lib/retry.js';
import { GatewayError } from '../../gateway/errors.js';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from '../backoff.js';
import { localTime, CHINA_UTC_OFFSET_MIN } from '../../gateway/local-time.js';
import type { Gateway, SaleItem } from '../../gateway/types.js';
import { TraceError } from './errors.js';
import { isSplitSale, traceCodesOf } from '../../gateway/trace-fields.js';
import { itemLine, pricText } from '../../gateway/quantity.js';
import type { SaleUpload } from '../../gateway/types.js';
import { TRACE_SCHEMA, TraceStore, type TraceUploadRow, type TraceUploadState } from './store.js';

/**
 * Options of `TraceOutbox.open`: clock, logger, backoff, and the operator and pharmacist sent with each upload.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface TraceOutboxOptions {
  clock?: Clock;
  logger?: Logger;
  backoff?: Backoff;
  /** Schedules the next round; default an unref'd `setTimeout`. */
  timer?: Timer;
  /** Local time offset of `sel_retn_time`, minutes (default +480). */
  utcOffsetMin?: number;
  /** `sel_retn_opter_name`: who sold (default `收银员`). */
  opterName?: string;
  /** The pharmacist on duty (`phar_name`, `phar_prac_cert_no`). */
  pharmacist?: { name: string; certNo: string };
}

export interface TraceOutboxEvents {
  acknowledged: (e: { msgid: string; saleMsgid: string; codes: number; attempts: number }) => void;
  'upload-failed': (e: { msgid: string; saleMsgid: string; attempts: number; nextAttemptAt: number; code: string }) => void;
  /** The gateway answered but did not accept the upload (`retRslt` 0): it stays due, with the gateway's reason. */
  rejected: (e: { msgid: string; saleMsgid: string; attempts: number; nextAttemptAt: number; reason: string }) => void;
  refused: (e: { msgid: string; saleMsgid: string; code: string }) => void;
}

/** What an upload keeps of its sale line. */
function uploadItem(item: SaleItem): SaleUpload['item'] {
  const out: SaleUpload['item'] = { code: item.code, qty: item.qty, price: pricText(itemLine(item).pric) };
  for (const k of ['localCode', 'name', 'lot', 'madeOn', 'expiresOn', 'stockBatch'] as const) if (item[k]) out[k] = item[k];
  if (item.rx) out.rx = true;
  if (item.prescription) out.prescription = { ...item.prescription };
  return out;
}

/** `lastError` of a rejected upload: the code and the gateway's reason (`msgRslt`). */
const rejection = (err: GatewayError): string => `${err.code}: ${err.errMsg ?? ''}`.slice(0, 500);

/** How a sale ended, as the journal knows it. */
export type SaleOutcome = { booked: true; setlId: string } | { booked: false } | undefined;

/**
 * What one round of the outbox did: uploads sent, acknowledged, refused and still pending.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface TraceRunReport {
  acknowledged: number;
  refused: number;
  pending: number;
}

const errorCode = (err: unknown): string => (YibaoError.is(err) ? err.code : err instanceof Error ? err.name : 'ERROR');

/**
 * A refusal the gateway answered (or a request it can never take): final,
 * kept for a technician. No answer, a 5xx, an internal error or a lost
 * sign-in are retried.
 */
function isFinalRefusal(err: unknown): boolean {
  if (!(err instanceof GatewayError)) return false;
  if (err.code === 'GATEWAY_REQUEST_INVALID') return true;
  // Not accepted (retRslt 0) is not final: the upload stays due until it is.
  if (err.code === 'GATEWAY_UPLOAD_REJECTED') return false;
  return err.outcome === 'refused' && err.httpStatus === 200 && err.code !== 'GATEWAY_INTERNAL' && err.code !== 'GATEWAY_SIGN_IN_REQUIRED';
}

/**
 * The traceability upload outbox (3505, SQLite): uploads are written before their sale leaves, sent once it books, and retried with backoff until the gateway acknowledges them.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 * @example
 * ```ts
 * import { TraceOutbox } from 'yibao-pos';
 * const outbox = await TraceOutbox.open('/var/lib/pos/terminal/trace.db');
 * console.log(outbox.list().filter((r) => r.state === 'pending').length);
 * await outbox.close();
 * ```
 */
export class TraceOutbox extends EventEmitter<TraceOutboxEvents> {
  readonly #db: Database;
  readonly #store: TraceStore;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #backoff: Backoff;
  readonly #timer: Timer;
  readonly #o: TraceOutboxOptions;
  #closed = false;
  #worker: { gateway: Gateway; cancel?: () => void } | undefined;
  /** Rounds run one after another: no upload is ever in flight twice. */
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(db: Database, opts: TraceOutboxOptions) {
    super();
    this.#db = db;
    this.#store = new TraceStore(db);
    this.#clock = opts.clock ?? systemClock;
    this.#log = opts.logger ?? silentLogger;
    this.#backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.#timer = opts.timer ?? unrefTimer;
    this.#o = opts;
  }

  /** Opens (or creates) the outbox file. */
  static async open(file: string, opts: TraceOutboxOptions = {}): Promise<TraceOutbox> {
    const db = await openDatabase(file);
    try {
      migrate(db, TRACE_SCHEMA);
    } catch (err) {
      db.close();
      throw err;
    }
    return new TraceOutbox(db, opts);
  }

  /**
   * Before the sale's 2102 leaves: one `waiting` upload per line that has
   * trace codes, each with its own msgid. Returns how many.
   */
  prepare(gateway: Gateway, sale: { msgid: string; psnNo: string; insuplcAdmdvs: string; items: readonly SaleItem[] }): number {
    this.#checkOpen();
    if (!gateway.uploadSale) return 0;
    const now = this.#clock();
    let n = 0;
    sale.items.forEach((item, i) => {
      const traceCodes = traceCodesOf(item);
      if (traceCodes.length === 0) return;
      const upload: SaleUpload = {
        setlId: '',
        saleMsgid: sale.msgid,
        psnNo: sale.psnNo,
        insuplcAdmdvs: sale.insuplcAdmdvs,
        line: i + 1,
        item: uploadItem(item),
        traceCodes,
        partPack: isSplitSale(item),
        saleTime: '',
        opterName: this.#o.opterName ?? '收银员',
        ...(this.#o.pharmacist ? { pharmacist: this.#o.pharmacist } : {}),
      };
      this.#store.insert(gateway.newMsgid(), sale.msgid, upload, now);
      n++;
    });
    return n;
  }

  /** The sale booked: its uploads become due now. */
  booked(saleMsgid: string, setlId: string, soldAt = this.#clock()): void {
    this.#checkOpen();
    const saleTime = localTime(soldAt, this.#o.utcOffsetMin ?? CHINA_UTC_OFFSET_MIN).text;
    for (const row of this.#store.forSale(saleMsgid)) {
      if (row.state !== 'waiting') continue;
      this.#store.update({ ...row, state: 'pending', upload: { ...row.upload, setlId, saleTime }, nextAttemptAt: this.#clock() }, this.#clock());
    }
    this.#schedule();
  }

  /** The sale did not book (refused, or reversed): its uploads will never go. */
  voided(saleMsgid: string): void {
    this.#checkOpen();
    for (const row of this.#store.forSale(saleMsgid)) {
      if (row.state === 'waiting') this.#store.update({ ...row, state: 'void' }, this.#clock());
    }
  }

  /**
   * The sale was cancelled (2103 booked) or reversed after it booked: each
   * line the gateway acknowledged (3505) gets a 3506 return, due now; a line
   * not acknowledged yet is never sent. Returns how many returns were made.
   */
  returned(gateway: Gateway, saleMsgid: string, at = this.#clock()): number {
    this.#checkOpen();
    if (!gateway.returnSale) return 0;
    const returnTime = localTime(at, this.#o.utcOffsetMin ?? CHINA_UTC_OFFSET_MIN).text;
    let n = 0;
    for (const row of this.#store.forSale(saleMsgid)) {
      if (row.upload.returnTime !== undefined) continue;
      if (row.state === 'waiting' || row.state === 'pending') {
        this.#store.update({ ...row, state: 'void', nextAttemptAt: null }, this.#clock());
        continue;
      }
      if (row.state !== 'acknowledged') continue;
      const msgid = gateway.newMsgid();
      this.#store.insert(msgid, saleMsgid, { ...row.upload, returnTime }, this.#clock());
      const inserted = this.#store.get(msgid)!;
      this.#store.update({ ...inserted, state: 'pending', nextAttemptAt: this.#clock() }, this.#clock());
      n++;
    }
    this.#schedule();
    return n;
  }

  /** At start, after the journal's recovery: settles `waiting` uploads from how their sale ended. */
  resolveWaiting(outcome: (saleMsgid: string) => SaleOutcome): { booked: number; voided: number } {
    this.#checkOpen();
    const report = { booked: 0, voided: 0 };
    const sales = new Set(this.#store.list('waiting').map((r) => r.saleMsgid));
    for (const saleMsgid of sales) {
      const o = outcome(saleMsgid);
      if (o === undefined) continue;
      if (o.booked) {
        this.booked(saleMsgid, o.setlId);
        report.booked++;
      } else {
        this.voided(saleMsgid);
        report.voided++;
      }
    }
    return report;
  }

  forSale(saleMsgid: string): TraceUploadRow[] {
    this.#checkOpen();
    return this.#store.forSale(saleMsgid);
  }

  list(state?: TraceUploadState): TraceUploadRow[] {
    this.#checkOpen();
    return this.#store.list(state);
  }

  /**
   * Sends every due upload (with `all`, every pending one, due or not), one
   * at a time. Rounds queue behind each other, so awaiting this also waits
   * for a round already running.
   */
  runDue(gateway?: Gateway, opts: { all?: boolean } = {}): Promise<TraceRunReport> {
    const run = this.#chain.then(() => this.#round(gateway ?? this.#worker?.gateway, opts.all ?? false));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #round(gateway: Gateway | undefined, all: boolean): Promise<TraceRunReport> {
    const report: TraceRunReport = { acknowledged: 0, refused: 0, pending: 0 };
    if (!gateway?.uploadSale || this.#closed) return report;
    const canReturn = gateway.returnSale !== undefined;
    for (const row of this.#store.list('pending')) {
      if (this.#closed) break;
      if (!all && (row.nextAttemptAt ?? 0) > this.#clock()) continue;
      if (row.upload.returnTime !== undefined && !canReturn) continue;
      const state = await this.#attempt(gateway, row);
      if (state === 'acknowledged') report.acknowledged++;
      if (state === 'refused') report.refused++;
    }
    if (!this.#closed) report.pending = this.#store.list('pending').length;
    return report;
  }

  async #attempt(gateway: Gateway, row: TraceUploadRow): Promise<TraceUploadState> {
    const attempts = row.attempts + 1;
    try {
      if (row.upload.returnTime !== undefined) await gateway.returnSale!(row.upload, { msgid: row.msgid });
      else await gateway.uploadSale!(row.upload, { msgid: row.msgid });
    } catch (err) {
      if (this.#closed) return 'pending';
      const code = errorCode(err);
      if (isFinalRefusal(err)) {
        this.#store.update({ ...row, state: 'refused', attempts, nextAttemptAt: null, lastError: code }, this.#clock());
        this.#log.log('warn', 'trace upload refused', { msgid: row.msgid, saleMsgid: row.saleMsgid, code });
        this.emit('refused', { msgid: row.msgid, saleMsgid: row.saleMsgid, code });
        return 'refused';
      }
      const nextAttemptAt = this.#clock() + backoffDelay(attempts, this.#backoff);
      const rejected = err instanceof GatewayError && err.code === 'GATEWAY_UPLOAD_REJECTED' ? rejection(err) : undefined;
      this.#store.update({ ...row, attempts, nextAttemptAt, lastError: rejected ?? code }, this.#clock());
      this.#log.log('warn', 'trace upload not acknowledged', { msgid: row.msgid, attempts, code });
      if (rejected !== undefined) this.emit('rejected', { msgid: row.msgid, saleMsgid: row.saleMsgid, attempts, nextAttemptAt, reason: rejected });
      else this.emit('upload-failed', { msgid: row.msgid, saleMsgid: row.saleMsgid, attempts, nextAttemptAt, code });
      return 'pending';
    }
    if (this.#closed) return 'pending';
    this.#store.update({ ...row, state: 'acknowledged', attempts, nextAttemptAt: null, lastError: null }, this.#clock());
    this.#log.log('info', 'trace upload acknowledged', { msgid: row.msgid, attempts });
    this.emit('acknowledged', { msgid: row.msgid, saleMsgid: row.saleMsgid, codes: row.upload.traceCodes.length, attempts });
    return 'acknowledged';
  }

  /** Retries pending uploads in the background (capped backoff) until each is acknowledged. */
  start(gateway: Gateway): void {
    this.#checkOpen();
    this.stop();
    this.#worker = { gateway };
    this.#schedule();
  }

  stop(): void {
    this.#worker?.cancel?.();
    this.#worker = undefined;
  }

  #schedule(): void {
    const w = this.#worker;
    if (!w || this.#closed) return;
    w.cancel?.();
    const pending = this.#store.list('pending');
    if (pending.length === 0) return;
    const next = Math.min(...pending.map((p) => p.nextAttemptAt ?? 0));
    w.cancel = this.#timer(Math.max(0, next - this.#clock()), () => {
      if (this.#worker !== w || this.#closed) return;
      this.runDue(w.gateway)
        .catch((err: unknown) => this.#log.log('error', 'trace upload worker failed', { code: errorCode(err) }))
        .finally(() => this.#schedule());
    });
  }

  /** Stops the worker and closes the file; an upload in flight is retried after the next start. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.stop();
    this.#closed = true;
    this.#db.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new TraceError('TRACE_OUTBOX_CLOSED');
  }
}
