/**
 * `createTerminal(config)`: wires scanners, the trust store, the replay guard,
 * the PIN pad, the gateway client and the journal into one terminal that
 * takes sales. It finishes every unfinished journal entry before it accepts
 * a sale, signs in, and refreshes the trust list in the background.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EventEmitter } from 'eventemitter3';
import type { JWK } from 'jose';
import { GatewayClient, type GatewayClientOptions } from '../gateway/client.js';
import { GatewayError } from '../gateway/errors.js';
import { SettlementJournal } from '../journal/journal.js';
import type { Journal, RecoveryReport } from '../journal/types.js';
import type { OutboxRunReport } from '../journal/outbox/row.js';
import type { TraceUploadRow } from '../journal/trace/kind.js';
import type { Gateway, SaleItem } from '../gateway/types.js';
import type { BackofficeOptions, BackofficePushOptions, PushReport } from '../journal/push.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { YibaoError } from '../lib/errors.js';
import { silentLogger, type Logger } from '../lib/log.js';
import { ResourceStack } from '../lib/resource-stack.js';
import type { PinPad } from '../pin/pin-pad.js';
import type { Scan } from '../scanner/scan.js';
import type { Scanner } from '../scanner/scanner.js';
import { SqliteReplayGuard } from '../voucher/replay/sqlite.js';
import { TrustStore } from '../voucher/trust-store.js';
import type { ReplayGuard, VoucherUse } from '../voucher/types.js';
import { classifyScan } from '../voucher/classify.js';
import { checkSkewSec, verifyVoucher } from '../voucher/verify.js';
import { optionalNumber, RANGES } from '../lib/numbers.js';
import { ensurePrivateDir } from '../lib/private-files.js';
import { CheckoutError } from './errors.js';
import { attachTraceCode } from './items.js';
import type { TerminalEvents } from './events.js';
import type { Receipt } from './receipt.js';
import { recoveredSale, type RecoveredSale } from './recovered.js';
import { Sale, shownVoucher, type CheckoutRequest } from './sale.js';
import type { SaleState } from './states.js';
import { VoucherQueue } from './voucher-queue.js';
import { nationalPattern, verifyOnline, type NationalCodeOption } from './online-voucher.js';
import { ScannerPause } from './scanner-pause.js';

/**
 * What `createTerminal` takes: trust, gateway, journal, PIN pad, and optionally scanners, replay guard, catalog, clock and logger.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface TerminalConfig {
  /** Scanners to listen to; the terminal opens, claims and enables them. */
  scanners?: Scanner[];
  /** A trust store, or how to open one. */
  trust: TrustStore | { rootKey: JWK; file?: string; url?: string; initial?: string; refreshEveryMs?: number };
  /**
   * Durable replay guard, or a SQLite file to keep it in. Default: the
   * journal's own file, so a used code and the sale that uses it are synced
   * in one commit.
   */
  replayGuard?: ReplayGuard | string;
  /** A gateway, or the options of a `GatewayClient` (its msgid sequence then comes from the journal). */
  gateway: Gateway | Omit<GatewayClientOptions, 'sequence'>;
  /** The journal, or its SQLite file. */
  journal: Journal | string;
  /**
   * This till's number (1-based), when the pharmacy has several: the journal
   * opened from a file takes till K's block of the msgid sequence (see README: tills).
   */
  till?: number;
  pinPad: PinPad;
  /** The pharmacy, when `gateway` is an instance (otherwise taken from its options). */
  pharmacy?: { code: string; name: string; region: string };
  /** Prices scanned item codes; codes it does not know are reported as unpriced. */
  catalog?: (code: string) => SaleItem | undefined | Promise<SaleItem | undefined>;
  clock?: Clock;
  logger?: Logger;
  /** Voucher clock skew, seconds (default 10). */
  skewSec?: number;
  /**
   * National voucher codes (decoded online by the gateway, 1162): which
   * scanned texts are such codes (default: 28 digits), or `false` to take
   * offline `YBV1:` vouchers only.
   */
  nationalCodes?: NationalCodeOption;
  /**
   * A trace outbox file (`trace.db`) kept by an earlier version: its uploads
   * move into the journal opened from `journal` (default `trace.db` beside
   * it). Traceability uploads now live in the journal's own file.
   */
  traceOutbox?: string;
  /** 3505 fields the terminal knows (who sold, the pharmacist on duty), for a journal opened from a file. */
  traceUpload?: { opterName?: string; pharmacist?: { name: string; certNo: string } };
  /**
   * The chain's back office: every entry that reaches a final state, and
   * every traceability upload that ended, is pushed there in the background
   * by the journal's outbox, signed with the till's key, retried with
   * backoff; a sale never waits for it. Needs `journal` as a path (a journal
   * instance takes its own `backoffice` option). `stateFile`: the
   * `pushed.json` of an earlier version to move into the outbox (default
   * `<journal file>.pushed.json`).
   */
  backoffice?: BackofficeOptions & { stateFile?: string; key?: JWK };
}

/**
 * One POS terminal taking sales: made by `createTerminal`; `checkout()` runs a sale to its receipt; events report each step.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 *
 * @example
 * ```ts
 * import { createTerminal } from 'yibao-pos';
 * const terminal = await createTerminal(config);
 * terminal.on('state', ({ state }) => console.log(state));
 * const receipt = await terminal.checkout({ amountFen: 880 });
 * await terminal.close();
 * ```
 */
export class Terminal extends EventEmitter<TerminalEvents> {
  private sale: { id: string; sale: Sale; queue: VoucherQueue } | undefined;
  private saleCount = 0;
  private readonly pause = new ScannerPause(() => this.sale?.id, {
    paused: (e) => this.emit('paused', e),
    resumed: (e) => this.emit('resumed', e),
  });

  /** @internal use createTerminal */
  constructor(
    private readonly parts: {
      scanners: Scanner[];
      trust: TrustStore;
      replayGuard: ReplayGuard;
      gateway: Gateway;
      journal: Journal;
      pinPad: PinPad;
      pharmacy: { code: string; name: string; region: string };
      catalog?: TerminalConfig['catalog'];
      clock: Clock;
      logger: Logger;
      skewSec: number;
      /** Which texts are national codes (classifyScan's option), from `nationalCodes`. */
      national: RegExp | false;
    },
    /**
     * What createTerminal opened, and what start() starts, each with its
     * closer: a failed start and close() unwind it in reverse. Parts handed
     * in by the caller are not on it and stay open.
     */
    private readonly resources: ResourceStack,
  ) {
    super();
  }

  #recovered: RecoveredSale[] = [];

  /**
   * What recovery settled at start (sales booked before a crash with their
   * receipts, sales reversed, reversals still pending). Each is also emitted
   * as a `recovered` event just after createTerminal resolves.
   */
  get recovered(): readonly RecoveredSale[] {
    return this.#recovered;
  }

  /** The state of the open sale, or undefined when none is open. */
  get saleState(): SaleState | undefined {
    return this.sale?.sale.state;
  }

  /** True while a scanner is unplugged (between `paused` and `resumed`); the open sale is kept. */
  get paused(): boolean {
    return this.pause.paused;
  }

  /**
   * Pushes to the back office now (when one is configured) and says what is
   * left; undefined without a back office. Never needed for a sale: entries
   * are pushed in the background anyway.
   */
  async pushToBackoffice(): Promise<PushReport | undefined> {
    return this.parts.journal.pushToBackoffice?.();
  }

  /**
   * The cashier of the sales that follow (a shift change): the gateway
   * client signs them in on their own (9001) before their first sale of the
   * day, and signs each cashier out (9002) at `close()`.
   */
  setOperator(opter: string, opterName?: string): void {
    const gateway = this.parts.gateway;
    if (!gateway.setOperator) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'gateway', reason: 'this gateway has no operators' } });
    gateway.setOperator(opter, opterName);
  }

  /** Settlements not paid whose reversal is still being retried, with their amounts. */
  pendingReversals() {
    return this.parts.journal.pending();
  }

  /** @internal Each step that starts something pushes its undo onto the terminal's resource stack. */
  async start(refreshEveryMs: number | undefined): Promise<void> {
    const { journal, gateway, logger } = this.parts;
    const stack = this.resources;
    this.#report(await journal.recover(gateway));
    journal.startOutbox(gateway);
    stack.defer(() => journal.stopOutbox());
    try {
      await gateway.signIn();
    } catch (err) {
      // Offline at start is not fatal: the client signs in again before its first money message.
      logger.log('warn', 'sign-in failed at start', { code: YibaoError.is(err) ? err.code : String(err) });
    }
    if (refreshEveryMs && refreshEveryMs > 0) {
      const refresh = setInterval(() => void this.parts.trust.refresh(), refreshEveryMs);
      refresh.unref();
      stack.defer(() => clearInterval(refresh));
    }
    for (const scanner of this.parts.scanners) {
      const onScan = (scan: Scan) => void this.onScan(scan);
      scanner.on('scan', onScan);
      stack.defer(() => scanner.off('scan', onScan));
      stack.defer(this.pause.watch(scanner));
      await scanner.open();
      // A scanner that will not close is no reason to keep the journal open.
      stack.defer(() => scanner.close().catch(() => undefined));
      await scanner.claim();
      await scanner.enable();
    }
    // Listeners attach once createTerminal has resolved (start() is its last step): emit then.
    const sales = this.#recovered;
    if (sales.length > 0) setImmediate(() => sales.forEach((sale) => this.emit('recovered', sale)));
  }

  #report(report: RecoveryReport): void {
    const { pharmacy, clock, journal } = this.parts;
    this.#recovered = report.settled.map((e) => recoveredSale(e, pharmacy, clock()));
    const pending = new Set(report.pending.map((p) => p.msgid));
    // A reversal pending at start that lands later is reported too, once.
    const later = (outcome: 'not_paid' | 'not_cancelled' | 'cancelled') => (e: { msgid: string; amountFen: number }) => {
      if (!pending.delete(e.msgid)) return;
      const entry = journal.get(e.msgid);
      if (!entry) return;
      const sale: RecoveredSale = { msgid: e.msgid, infno: entry.infno === '2103' ? '2103' : '2102', outcome, amountFen: e.amountFen, psnNo: entry.psnNo };
      if (entry.ref.setlId !== undefined) sale.setlId = entry.ref.setlId;
      this.emit('recovered', sale);
    };
    const onReversed = (e: { msgid: string; amountFen: number; infno: string }) => {
      // A reversed sale's lines go back (3506) where the gateway took their upload; the rest never go.
      if (e.infno === '2102') {
        try {
          this.parts.journal.returnTraceUploads(this.parts.gateway, e.msgid);
        } catch {
          /* closed: the next start settles them from the journal */
        }
      }
      later(e.infno === '2103' ? 'not_cancelled' : 'not_paid')(e);
    };
    const onKept = later('cancelled');
    journal.on('reversed', onReversed);
    journal.on('cancel-kept', onKept);
    this.resources.defer(() => {
      journal.off('reversed', onReversed);
      journal.off('cancel-kept', onKept);
    });
  }

  /** Verifies a voucher for display without using it up (no sale open). */
  async inspect(text: string) {
    const v = this.isNational(text)
      ? await verifyOnline(this.parts.gateway, text, this.parts.clock())
      : { ...(await verifyVoucher(text, this.verifyOptions('id'))), verifiedBy: 'offline' as const };
    return shownVoucher(v, 'patient', this.parts.pharmacy.region, false);
  }

  /** The traceability uploads (3505) of a sale, by its 2102 msgid (the receipt's `msgid`). */
  traceUploads(saleMsgid: string): TraceUploadRow[] {
    return this.parts.journal.traceUploads(saleMsgid);
  }

  /** Sends the due traceability uploads now (and waits for those already in flight). */
  flushTraceUploads(): Promise<OutboxRunReport> {
    return this.parts.journal.runOutbox(this.parts.gateway, { kind: 'trace' });
  }

  /**
   * Runs one sale to its end. Resolves with the receipt; rejects with a
   * typed error (`err.code`) when it was refused, cancelled, or its outcome
   * is unknown (then the journal reverses it and it is reported not paid).
   */
  async checkout(request: CheckoutRequest = {}): Promise<Receipt> {
    if (this.sale) throw new CheckoutError('CHECKOUT_BUSY');
    const id = `sale-${this.parts.clock()}-${++this.saleCount}`;
    const queue = new VoucherQueue();
    const { parts } = this;
    const sale = new Sale(
      {
        saleId: id,
        verify: async (text, use) =>
          this.isNational(text)
            ? verifyOnline(parts.gateway, text, parts.clock(), request.signal)
            : { ...(await verifyVoucher(text, { ...this.verifyOptions(use), replayGuard: parts.replayGuard })), verifiedBy: 'offline' as const },
        gateway: parts.gateway,
        // The journal writes the sale's trace uploads with its intent and sends them once it booked.
        settle: (req, meta) => parts.journal.settle(parts.gateway, req, meta),
        pinPad: parts.pinPad,
        pinKey: () => parts.trust.current().pinKey,
        nextVoucher: (signal) => queue.next(signal),
        clock: parts.clock,
        pharmacy: parts.pharmacy,
        emit: (event, ...args) => {
          (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
        },
      },
      request,
    );
    this.sale = { id, sale, queue };
    this.pause.announce();
    try {
      const receipt = await sale.run();
      // The receipt is in the caller's hands now; until here a crash makes recovery show it.
      parts.journal.receiptShown(receipt.msgid);
      return receipt;
    } catch (err) {
      // The sale has entered its final state itself; the terminal only reports the refusal.
      if (YibaoError.is(err)) this.emit('error', { saleId: id, error: err });
      throw err;
    } finally {
      this.sale = undefined;
    }
  }

  /**
   * 2103: cancels a booked sale (refund to the account), journaled like a
   * settlement. Refused with JOURNAL_CANCEL_PENDING while an earlier cancel
   * of the same sale is still being settled.
   */
  async cancelSale(receipt: Receipt) {
    const { journal, gateway, logger } = this.parts;
    const answer = await journal.cancel(
      gateway,
      {
        psnNo: receipt.patient.psnNo ?? '',
        setlId: receipt.setlId,
        mdtrtId: receipt.mdtrtId,
        insuplcAdmdvs: receipt.insuredRegion,
        amountFen: receipt.totalFen,
      },
      { msgid: gateway.newMsgid() },
    );
    // The sale's lines go back (3506) once the cancel stands; a failure here leaves the outbox as it was.
    try {
      if (journal.returnTraceUploads(gateway, receipt.msgid) > 0) void journal.runOutbox(gateway, { kind: 'trace' }).catch(() => undefined);
    } catch (err) {
      logger.log('error', 'sales returns not made due', { msgid: receipt.msgid, code: YibaoError.is(err) ? err.code : String(err) });
    }
    return answer;
  }

  /**
   * Stops and closes everything the terminal started or opened, last first
   * (scanners, timers, listeners, workers, then the files it opened itself);
   * parts handed in to createTerminal stay open. Idempotent.
   */
  close(): Promise<void> {
    return this.resources.disposeAsync();
  }

  /** A national code (decoded online), as this terminal's `nationalCodes` says. */
  private isNational(text: string): boolean {
    return classifyScan(text, { national: this.parts.national }) === 'national';
  }

  private verifyOptions(use: VoucherUse) {
    return { trust: this.parts.trust.current(), clock: this.parts.clock, skewSec: this.parts.skewSec, use };
  }

  private async onScan(scan: Scan): Promise<void> {
    this.emit('scan', scan);
    const open = this.sale;
    // A national code is a voucher, never an item: it must not be sold as a drug.
    const what = classifyScan(scan.text, { national: this.parts.national });
    if (what === 'voucher' || what === 'national') {
      if (open) {
        open.queue.push(scan.text);
        return;
      }
      try {
        this.emit('voucher', await this.inspect(scan.text));
      } catch (err) {
        if (YibaoError.is(err)) this.emit('error', { error: err });
      }
      return;
    }
    if (!open || !open.sale.acceptsItems) return;
    const items = open.sale.items;
    if (what === 'trace' && attachTraceCode(items, scan.text)) {
      this.emit('item', { saleId: open.id, code: scan.text, attached: 'trace' });
      return;
    }
    const item = await this.parts.catalog?.(scan.text);
    if (item) {
      items.push({ ...item });
      this.emit('item', { saleId: open.id, code: scan.text, attached: 'item' });
    } else {
      this.emit('item', { saleId: open.id, code: scan.text, attached: 'unpriced' });
    }
  }
}

/**
 * Opens everything the terminal needs, finishes unfinished journal entries,
 * signs in, and starts listening to the scanners.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 *
 * @param config Trust, gateway, journal, PIN pad and scanners (see `TerminalConfig`).
 *
 * @example
 * ```ts
 * import { createTerminal, loadTerminalConfig, TtyPinPad, SerialScanner } from 'yibao-pos';
 * const terminal = await createTerminal({
 *   ...(await loadTerminalConfig('/var/lib/pos')),
 *   scanners: [new SerialScanner({ path: '/dev/ttyACM0' })],
 *   pinPad: new TtyPinPad(),
 * });
 * const receipt = await terminal.checkout({ amountFen: 880 });
 * ```
 */
export async function createTerminal(config: TerminalConfig): Promise<Terminal> {
  // Numbers are checked before anything is opened: a NaN skew would switch the voucher time window off.
  const skewSec = checkSkewSec(config.skewSec);
  // 0: never refresh.
  if (!(config.trust instanceof TrustStore)) optionalNumber('trust.refreshEveryMs', config.trust.refreshEveryMs, { min: 0, max: RANGES.timeoutMs.max });
  const clock = config.clock ?? systemClock;
  const logger = config.logger ?? silentLogger;
  // The terminal's state files may live in a folder not made yet (first start).
  for (const file of [config.journal, config.replayGuard, config.trust instanceof TrustStore ? undefined : config.trust.file]) {
    if (typeof file === 'string' && file !== ':memory:') ensurePrivateDir(dirname(file));
  }
  // Ownership, decided once: a part given as a path or options is opened here and pushed with its
  // closer; a part given as an instance is the caller's and is never closed by the terminal.
  const stack = new ResourceStack();
  try {
    const journal: Journal =
      typeof config.journal === 'string'
        ? stack.adopt(
            await SettlementJournal.open(config.journal, {
              clock,
              logger,
              ...(config.till !== undefined ? { till: config.till } : {}),
              ...(config.traceUpload ? { traceUpload: config.traceUpload } : {}),
              ...(config.traceOutbox !== undefined ? { legacyTraceFile: config.traceOutbox } : {}),
              ...(config.backoffice ? { backoffice: backofficePushOptions(config, config.journal) } : {}),
            }),
            (j) => j.close(),
          )
        : config.journal;
    if (config.backoffice && typeof config.journal !== 'string') {
      throw new TypeError('createTerminal: with a journal instance, open it with its own `backoffice` option (SettlementJournal.open)');
    }
    const gateway: Gateway = isGateway(config.gateway)
      ? config.gateway
      : stack.adopt(new GatewayClient({ clock, logger, ...config.gateway, sequence: journal.sequence() }), (g) => g.close());
    const pharmacy =
      config.pharmacy ??
      (isGateway(config.gateway) ? undefined : { code: config.gateway.fixmedinsCode, name: config.gateway.fixmedinsName, region: config.gateway.mdtrtAreaAdmvs });
    if (!pharmacy) throw new TypeError('createTerminal: `pharmacy` is required when `gateway` is an instance');
    const trust =
      config.trust instanceof TrustStore
        ? config.trust
        : await TrustStore.open({ rootKey: config.trust.rootKey, clock, ...pick(config.trust, ['file', 'url', 'initial']) });
    const replayGuard: ReplayGuard =
      typeof config.replayGuard === 'string'
        ? stack.adopt(await SqliteReplayGuard.open(config.replayGuard), (r) => r.close())
        : config.replayGuard ?? journal.replayGuard();
    const terminal = new Terminal(
      {
        scanners: config.scanners ?? [],
        trust,
        replayGuard,
        gateway,
        journal,
        pinPad: config.pinPad,
        pharmacy,
        ...(config.catalog ? { catalog: config.catalog } : {}),
        clock,
        logger,
        skewSec,
        national: nationalPattern(config.nationalCodes),
      },
      stack,
    );
    const refresh = config.trust instanceof TrustStore ? undefined : config.trust.refreshEveryMs ?? (config.trust.url ? 15 * 60_000 : undefined);
    await terminal.start(refresh);
    return terminal;
  } catch (err) {
    // Unwind whatever was opened or started so far, last first; the start's own failure is what the caller sees.
    await stack.disposeAsync().catch((closeErr: unknown) => logger.log('warn', 'closing after a failed start failed', { code: YibaoError.is(closeErr) ? closeErr.code : String(closeErr) }));
    throw err;
  }
}

function isGateway(g: TerminalConfig['gateway']): g is Gateway {
  return typeof (g as Gateway).newMsgid === 'function';
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** The back-office pushes of a terminal's journal: the till's key and pharmacy, the old state file to adopt. */
function backofficePushOptions(config: TerminalConfig, journalFile: string): BackofficePushOptions {
  const o = config.backoffice!;
  const key = o.key ?? (isGateway(config.gateway) ? undefined : config.gateway.terminalKey);
  if (!key) throw new TypeError('createTerminal: `backoffice.key` is required when `gateway` is an instance');
  const pharmacy = config.pharmacy?.code ?? (isGateway(config.gateway) ? undefined : config.gateway.fixmedinsCode);
  if (!pharmacy) throw new TypeError('createTerminal: `pharmacy` is required when `gateway` is an instance');
  return {
    url: o.url,
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.statusEveryMs !== undefined ? { statusEveryMs: o.statusEveryMs } : {}),
    pharmacy,
    till: config.till ?? 1,
    key,
    legacyStateFile: o.stateFile ?? `${journalFile}.pushed.json`,
  };
}
