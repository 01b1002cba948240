/**
 * ScannerWatcher: hot-plug by polling listScanners(). Emits `attach` and
 * `detach` with the DiscoveredScanner, keyed by transport and path. The
 * first poll reports what is already there as `attach`.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { listScanners, type DiscoveredScanner, type DiscoveryOptions, type ScannerListing } from './discovery.js';
import { unrefTimer, type Timer } from '../lib/timer.js';

/**
 * The events of a `ScannerWatcher`: `attach`, `detach`, `error`, `poll`.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface ScannerWatcherEvents {
  attach: (scanner: DiscoveredScanner) => void;
  detach: (scanner: DiscoveredScanner) => void;
  /** A poll failed as a whole (it rarely does: listScanners reports problems instead). */
  error: (err: unknown) => void;
  /** After each scheduled poll (the next one already armed), with what it found. */
  poll: (listing: ScannerListing) => void;
}

/**
 * Options of `ScannerWatcher`: poll interval, timer, injected enumerations.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface ScannerWatcherOptions extends DiscoveryOptions {
  /** Default 1000 ms. */
  intervalMs?: number;
  timer?: Timer;
}

const key = (d: DiscoveredScanner) => `${d.transport}:${d.path}`;

/**
 * Polls `listScanners` and emits `attach`/`detach` as scanners come and go (hot-plug).
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { ScannerWatcher } from 'yibao-pos/scanner';
 * const watcher = new ScannerWatcher({ intervalMs: 2000 });
 * watcher.on('attach', (s) => console.log('plugged in', s.path));
 * watcher.start();
 * ```
 */
export class ScannerWatcher extends EventEmitter<ScannerWatcherEvents> {
  private known = new Map<string, DiscoveredScanner>();
  private handle: unknown;
  private running = false;
  private readonly timer: Timer;

  constructor(private readonly options: ScannerWatcherOptions = {}) {
    super();
    this.timer = options.timer ?? unrefTimer;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    void this.tick();
    return this;
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
  }

  /** One poll now; resolves, with the listing, when its attach/detach events have been emitted. */
  async poll(): Promise<ScannerListing> {
    const listing = await listScanners(this.options);
    const now = new Map(listing.scanners.map((d) => [key(d), d]));
    for (const [k, d] of this.known) if (!now.has(k)) this.emit('detach', d);
    for (const [k, d] of now) if (!this.known.has(k)) this.emit('attach', d);
    this.known = now;
    return listing;
  }

  private async tick(): Promise<void> {
    let listing: ScannerListing | undefined;
    try {
      listing = await this.poll();
    } catch (err) {
      this.emit('error', err);
    }
    if (this.running) this.handle = this.timer.set(() => void this.tick(), this.options.intervalMs ?? 1000);
    if (listing) this.emit('poll', listing);
  }
}
