/**
 * `createTerminal(config)`: wires scanners, the trust store, the replay guard,
 * the PIN pad, the gateway client and the journal into one terminal that
 * takes sales. It finishes every unfinished journal entry before it accepts
 * a sale, signs in, and refreshes the trust list in the background.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EventEmitter } from 'eventemitter3';
import type { JWK } from 'jose';
import { GatewayClient, type GatewayClientOptions } from '../gateway/client.js';
import { SettlementJournal } from '../gateway/journal/journal.js';
import type { Gateway, SaleItem } from '../gateway/types.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { YibaoError } from '../lib/errors.js';
import { silentLogger, type Logger } from '../lib/log.js';
import type { PinPad } from '../pin/pin-pad.js';
import type { Scan } from '../scanner/scan.js';
import type { Scanner } from '../scanner/scanner.js';
import { SqliteReplayGuard } from '../voucher/replay/sqlite.js';
import { TrustStore } from '../voucher/trust-store.js';
import type { ReplayGuard, VoucherUse } from '../voucher/types.js';
import { verifyVoucher } from '../voucher/verify.js';
import { CheckoutError } from './errors.js';
import { attachTraceCode, isTraceCode } from './items.js';
import type { TerminalEvents } from './events.js';
import type { Receipt } from './receipt.js';
import { Sale, shownVoucher, type CheckoutRequest } from './sale.js';
import type { SaleState } from './states.js';
import { VoucherQueue } from './voucher-queue.js';

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
  /** Durable replay guard, or the SQLite file to keep it in; default `replay.db` beside the journal file. */
  replayGuard?: ReplayGuard | string;
  /** A gateway, or the options of a `GatewayClient` (its msgid sequence then comes from the journal). */
  gateway: Gateway | Omit<GatewayClientOptions, 'sequence'>;
  /** The journal, or its SQLite file. */
  journal: SettlementJournal | string;
  pinPad: PinPad;
  /** The pharmacy, when `gateway` is an instance (otherwise taken from its options). */
  pharmacy?: { code: string; name: string; region: string };
  /** Prices scanned item codes; codes it does not know are reported as unpriced. */
  catalog?: (code: string) => SaleItem | undefined | Promise<SaleItem | undefined>;
  clock?: Clock;
  logger?: Logger;
  /** Voucher clock skew, seconds (default 10). */
  skewSec?: number;
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
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: Array<() => void> = [];

  /** @internal use createTerminal */
  constructor(
    private readonly parts: {
      scanners: Scanner[];
      trust: TrustStore;
      replayGuard: ReplayGuard;
      gateway: Gateway & { close?(): Promise<void> | void };
      journal: SettlementJournal;
      pinPad: PinPad;
      pharmacy: { code: string; name: string; region: string };
      catalog?: TerminalConfig['catalog'];
      clock: Clock;
      logger: Logger;
      skewSec: number;
    },
  ) {
    super();
  }

  /** The state of the open sale, or undefined when none is open. */
  get saleState(): SaleState | undefined {
    return this.sale?.sale.state;
  }

  /** Settlements not paid whose reversal is still being retried, with their amounts. */
  pendingReversals() {
    return this.parts.journal.pending();
  }

  /** @internal */
  async start(refreshEveryMs: number | undefined): Promise<void> {
    const { journal, gateway, logger } = this.parts;
    await journal.recover(gateway);
    journal.startReversals(gateway);
    try {
      await gateway.signIn();
    } catch (err) {
      // Offline at start is not fatal: the client signs in again before its first money message.
      logger.log('warn', 'sign-in failed at start', { code: YibaoError.is(err) ? err.code : String(err) });
    }
    if (refreshEveryMs && refreshEveryMs > 0) {
      this.refreshTimer = setInterval(() => {
        void this.parts.trust.refresh();
      }, refreshEveryMs);
      this.refreshTimer.unref();
    }
    for (const scanner of this.parts.scanners) {
      const onScan = (scan: Scan) => void this.onScan(scan);
      scanner.on('scan', onScan);
      this.unsubscribe.push(() => scanner.off('scan', onScan));
      await scanner.open();
      await scanner.claim();
      await scanner.enable();
    }
  }

  /** Verifies a voucher for display without using it up (no sale open). */
  async inspect(text: string) {
    const v = await verifyVoucher(text, this.verifyOptions('id'));
    return shownVoucher(v, 'patient', this.parts.pharmacy.region, false);
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
        verify: (text, use) => verifyVoucher(text, { ...this.verifyOptions(use), replayGuard: parts.replayGuard }),
        gateway: parts.gateway,
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
    try {
      return await sale.run();
    } catch (err) {
      const final: SaleState = finalStateOf(err);
      sale.state = final;
      this.emit('state', { saleId: id, state: final });
      if (YibaoError.is(err)) this.emit('error', { saleId: id, error: err });
      throw err;
    } finally {
      this.sale = undefined;
    }
  }

  /** 2103: cancels a booked sale (refund to the account), journaled like a settlement. */
  async cancelSale(receipt: Receipt) {
    const { journal, gateway } = this.parts;
    return journal.cancel(
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
  }

  async close(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    for (const off of this.unsubscribe.splice(0)) off();
    for (const scanner of this.parts.scanners) await scanner.close().catch(() => undefined);
    this.parts.journal.stopReversals();
    await this.parts.journal.close();
    await this.parts.gateway.close?.();
    await this.parts.replayGuard.close?.();
  }

  private verifyOptions(use: VoucherUse) {
    return { trust: this.parts.trust.current(), clock: this.parts.clock, skewSec: this.parts.skewSec, use };
  }

  private async onScan(scan: Scan): Promise<void> {
    this.emit('scan', scan);
    const open = this.sale;
    if (scan.kind === 'voucher') {
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
    if (isTraceCode(scan.text) && attachTraceCode(items, scan.text)) {
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

function finalStateOf(err: unknown): SaleState {
  if (!YibaoError.is(err)) return 'refused';
  if (err.code === 'CHECKOUT_CANCELLED' || err.code === 'PIN_CANCELLED') return 'cancelled';
  if ((err as { outcome?: string }).outcome === 'unknown') return 'not_paid_reversal_pending';
  return 'refused';
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
  const clock = config.clock ?? systemClock;
  const logger = config.logger ?? silentLogger;
  // The terminal's state files may live in a folder not made yet (first start).
  for (const file of [config.journal, config.replayGuard, config.trust instanceof TrustStore ? undefined : config.trust.file]) {
    if (typeof file === 'string') await mkdir(dirname(file), { recursive: true });
  }
  const journal = typeof config.journal === 'string' ? await SettlementJournal.open(config.journal, { clock, logger }) : config.journal;
  try {
    const isGateway = (g: TerminalConfig['gateway']): g is Gateway => typeof (g as Gateway).newMsgid === 'function';
    const gateway = isGateway(config.gateway) ? config.gateway : new GatewayClient({ clock, logger, ...config.gateway, sequence: journal.sequence() });
    const pharmacy =
      config.pharmacy ??
      (isGateway(config.gateway)
        ? undefined
        : { code: config.gateway.fixmedinsCode, name: config.gateway.fixmedinsName, region: config.gateway.mdtrtAreaAdmvs });
    if (!pharmacy) throw new TypeError('createTerminal: `pharmacy` is required when `gateway` is an instance');
    const trust =
      config.trust instanceof TrustStore
        ? config.trust
        : await TrustStore.open({ rootKey: config.trust.rootKey, clock, ...pick(config.trust, ['file', 'url', 'initial']) });
    const replayFile = config.replayGuard ?? (typeof config.journal === 'string' ? join(dirname(config.journal), 'replay.db') : undefined);
    if (replayFile === undefined) throw new TypeError('createTerminal: `replayGuard` is required when `journal` is an instance');
    const replayGuard = typeof replayFile === 'string' ? await SqliteReplayGuard.open(replayFile) : replayFile;
    const terminal = new Terminal({
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
      skewSec: config.skewSec ?? 10,
    });
    const refresh = config.trust instanceof TrustStore ? undefined : config.trust.refreshEveryMs ?? (config.trust.url ? 15 * 60_000 : undefined);
    await terminal.start(refresh);
    return terminal;
  } catch (err) {
    await journal.close();
    throw err;
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
