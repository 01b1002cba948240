/**
 * Scanner: the UnifiedPOS-like lifecycle over one ScannerBinding.
 *
 *     closed ─open()→ opened ─claim()→ claimed ─enable()→ enabled
 *       ↑                 ←release()─         ←disable()─
 *       └──────────────────────── close() from any state
 *
 * The lifecycle and the device link (up, lost, reopening) are two
 * transition tables (lifecycle.ts) that every change goes through.
 *
 * Events: `scan` (only while enabled; scans read while disabled are
 * discarded, as UnifiedPOS does when the device is not enabled), `error`
 * (SCAN_TOO_LONG, SCAN_BAD_REPORT, SCAN_DISCONNECTED…), `attach` (the
 * device is open: after the first `open()` and after each reopen) and
 * `detach` (it vanished). A reopenable binding is reopened the moment it is
 * back when the binding can tell (`waitForDevice`), else with exponential
 * backoff; the claim and enable state survive it.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { systemClock, type Clock } from '../lib/clock.js';
import { YibaoError } from '../lib/errors.js';
import type { BindingPort, BindingSink, ScannerBinding } from './binding.js';
import { disconnectedError, ScannerError } from './errors.js';
import { Framer } from './framing/framer.js';
import { backoffDelay } from '../lib/retry.js';
import { unrefTimer, type Timer } from '../lib/timer.js';
import { SUFFIXES, type FramingOptions } from './framing/options.js';
import { HidPosDecoder } from './hid-pos.js';
import { LAYOUT_NAMES, type KeyboardLayout, type LayoutName } from './keyboard-layouts.js';
import { KeyboardWedgeDecoder } from './keyboard-wedge.js';
import { betterLayout } from './layout-check.js';
import { nextLinkState, nextScannerState, type LinkState, type ScannerState } from './lifecycle.js';
import { makeScan, type Frame, type Scan } from './scan.js';

/**
 * The events of a `Scanner`: `scan`, `error`, `attach`, `detach`, `end`.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface ScannerEvents {
  scan: (scan: Scan) => void;
  error: (err: YibaoError) => void;
  attach: (info: { source: string }) => void;
  detach: (info: { source: string; error: YibaoError }) => void;
  /** The source ended (end of stdin or of a capture file). */
  end: () => void;
}

/**
 * How a `Scanner` reopens a device that vanished: the shared capped
 * exponential backoff (first delay, cap, jitter) on an injected timer and random source.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface ReopenOptions {
  /** First delay (ms), doubled per failed attempt up to `maxMs`. Default 100. */
  initialMs?: number;
  /** Default 5000. */
  maxMs?: number;
  /** Fraction of each delay drawn at random, 0..1. Default 0: one device, no fleet to spread out. */
  jitter?: number;
  /** Random numbers in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
  timer?: Timer;
}

/**
 * Options of `Scanner`: the binding, framing (suffix, prefix, length cap), keyboard layout, clock, reopening.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface ScannerOptions {
  binding: ScannerBinding;
  framing?: FramingOptions;
  /** Keyboard-wedge layout. Default `us`; an unknown name throws SCAN_LAYOUT_UNKNOWN. */
  layout?: LayoutName | KeyboardLayout;
  clock?: Clock;
  /** `false` disables reopening after an unplug. */
  reopen?: ReopenOptions | false;
}

export type { ScannerState } from './lifecycle.js';

/** Claims inside this process, by source; cross-process exclusivity is the binding's lock. */
const claims = new Map<string, Scanner>();

/**
 * One barcode scanner over a `ScannerBinding`, with the UnifiedPOS lifecycle (`open` → `claim` → `enable`), framing, reopening after an unplug, and `scan`/`error`/`attach`/`detach`/`end` events.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { Scanner, StreamBinding } from 'yibao-pos/scanner';
 * const scanner = new Scanner({ binding: new StreamBinding(process.stdin), framing: { suffix: 'lf' } });
 * scanner.on('scan', (s) => console.log(s.kind, s.text));
 * await scanner.open(); await scanner.claim(); await scanner.enable();
 * ```
 */
export class Scanner extends EventEmitter<ScannerEvents> {
  readonly source: string;
  private readonly binding: ScannerBinding;
  private readonly clock: Clock;
  private port: BindingPort | undefined;
  #state: ScannerState = 'closed';
  #link: LinkState = 'down';
  /** The device session the binding's callbacks belong to; a callback of an older one (a dead port) is ignored. */
  #session: object | undefined;
  private reopenTimer: unknown;
  private reopenAttempt = 0;
  private watchReturn: AbortController | undefined;
  private readonly reopen: Required<ReopenOptions> | false;
  private readonly feed: (chunk: Uint8Array) => void;
  private readonly flush: () => void;
  private readonly resetDecoder: () => void;
  /** Scans discarded because the scanner was not enabled. */
  discarded = 0;

  constructor(options: ScannerOptions) {
    super();
    this.binding = options.binding;
    this.source = options.binding.source;
    this.clock = options.clock ?? systemClock;
    this.reopen = options.reopen === false ? false : { initialMs: 100, maxMs: 5000, jitter: 0, random: Math.random, timer: unrefTimer, ...options.reopen };
    const onFrame = (frame: Frame) => this.deliver(frame);
    const onError = (err: YibaoError) => this.emit('error', err);
    const format = options.binding.format;
    if (format === 'hid-pos') {
      const decoder = new HidPosDecoder(options.framing?.maxLength, SUFFIXES[options.framing?.suffix ?? 'cr']);
      this.feed = (report) => {
        try {
          const frame = decoder.push(report);
          if (frame) onFrame(frame);
        } catch (err) {
          onError(err as YibaoError);
        }
      };
      this.flush = () => undefined;
      this.resetDecoder = () => decoder.reset();
    } else {
      const framing: FramingOptions = format === 'keyboard' ? { suffix: 'cr', ...options.framing } : { ...options.framing };
      if (format === 'keyboard') {
        const keys = new KeyboardWedgeDecoder(options.layout);
        const layout = typeof options.layout === 'string' ? options.layout : options.layout ? 'custom' : 'us';
        // A key the layout does not type spoils the scan it is in: dropped with an error, never guessed.
        let spoiled: { key: number; modifiers: number } | undefined;
        const mismatch = () => {
          const bad = spoiled!;
          spoiled = undefined;
          onError(new ScannerError('SCAN_LAYOUT_MISMATCH', { details: { layout, layouts: LAYOUT_NAMES, key: bad.key, modifiers: bad.modifiers } }));
        };
        // The key reports of the scan being typed, to read it under the other layouts when it looks wrong.
        let reports: Uint8Array[] = [];
        const checked = (frame: Frame): void => {
          const fits = betterLayout(reports, layout, new TextDecoder().decode(frame.bytes));
          reports = [];
          if (fits === undefined) onFrame(frame);
          else onError(new ScannerError('SCAN_LAYOUT_MISMATCH', { details: { layout, fits, layouts: LAYOUT_NAMES } }));
        };
        const framer = new Framer({ frame: (frame) => (spoiled ? ((reports = []), mismatch()) : checked(frame)), error: onError }, framing);
        this.feed = (report) => {
          reports.push(report);
          const typed = keys.push(report);
          spoiled ??= keys.takeUnknown();
          framer.push(typed);
          // A scan of nothing but unknown keys frames nothing: report it at its Enter all the same.
          if (spoiled && typed.includes(0x0d)) mismatch();
        };
        this.resetDecoder = () => (keys.reset(), framer.reset(), (spoiled = undefined), (reports = []));
        this.flush = () => framer.flush();
      } else {
        const framer = new Framer({ frame: onFrame, error: onError }, framing);
        this.feed = (chunk) => framer.push(chunk);
        this.resetDecoder = () => framer.reset();
        this.flush = () => framer.flush();
      }
    }
  }

  get state(): ScannerState {
    return this.#state;
  }

  /** Whether the device is currently present (false between detach and attach). */
  get isAttached(): boolean {
    return this.#link === 'up';
  }

  async open(): Promise<void> {
    const next = nextScannerState(this.#state, 'open');
    if (next === this.#state) return;
    if (!(await this.connect())) return; // closed while the binding was opening
    this.#moveLink('up');
    this.#state = next;
    this.emit('attach', { source: this.source });
  }

  /** Exclusive use: a second Scanner on the same source gets SCAN_CLAIMED. */
  async claim(): Promise<void> {
    const next = nextScannerState(this.#state, 'claim');
    const holder = claims.get(this.source);
    if (holder && holder !== this) throw new ScannerError('SCAN_CLAIMED', { details: { source: this.source } });
    claims.set(this.source, this);
    this.#state = next;
  }

  async enable(): Promise<void> {
    this.#state = nextScannerState(this.#state, 'enable');
  }

  async disable(): Promise<void> {
    this.#state = nextScannerState(this.#state, 'disable');
  }

  async release(): Promise<void> {
    const next = nextScannerState(this.#state, 'release');
    if (claims.get(this.source) === this) claims.delete(this.source);
    this.#state = next;
  }

  /** Idempotent; ends `scans()` iterators. */
  async close(): Promise<void> {
    if (this.#state === 'closed' && this.#session === undefined) return;
    if (claims.get(this.source) === this) claims.delete(this.source);
    this.#state = nextScannerState(this.#state, 'close');
    this.#moveLink('down');
    this.#session = undefined;
    this.stopReopening();
    const port = this.port;
    this.port = undefined;
    this.resetDecoder();
    await port?.close().catch(() => undefined);
    this.emit('end');
  }

  /**
   * Scans as an async iterable. Scans that arrive between iterations are
   * buffered, none is lost; it ends when `signal` aborts or the scanner closes
   * or its source ends.
   */
  async *scans(options: { signal?: AbortSignal } = {}): AsyncGenerator<Scan, void, undefined> {
    const queue: Scan[] = [];
    let done = options.signal?.aborted ?? false;
    let wake: (() => void) | undefined;
    const poke = () => {
      wake?.();
      wake = undefined;
    };
    const onScan = (s: Scan) => (queue.push(s), poke());
    const onEnd = () => ((done = true), poke());
    this.on('scan', onScan);
    this.on('end', onEnd);
    options.signal?.addEventListener('abort', onEnd, { once: true });
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (done) return;
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      this.off('scan', onScan);
      this.off('end', onEnd);
      options.signal?.removeEventListener('abort', onEnd);
    }
  }

  #moveLink(to: LinkState): void {
    this.#link = nextLinkState(this.#link, to);
  }

  private deliver(frame: Frame): void {
    if (this.#state !== 'enabled') {
      this.discarded++;
      return;
    }
    this.emit('scan', makeScan(frame, this.source, this.clock()));
  }

  /**
   * Opens the binding as a new device session. False when the session was
   * ended (closed, or lost again) while the binding was opening: its port is
   * closed at once and nothing else changes.
   */
  private async connect(): Promise<boolean> {
    const session = {};
    this.#session = session;
    const live = () => session === this.#session;
    // Gone before the first open even finished: that open fails with the disconnect.
    let goneAtOpen: { cause: unknown } | undefined;
    const sink: BindingSink = {
      data: (chunk) => live() && this.feed(chunk),
      end: () => {
        if (!live()) return;
        this.flush();
        this.emit('end');
      },
      disconnected: (cause) => {
        if (!live()) return;
        if (this.#link !== 'down') return this.lost(cause);
        goneAtOpen = { cause };
        this.#session = undefined;
      },
    };
    let port: BindingPort;
    try {
      port = await this.binding.open(sink);
    } catch (cause) {
      if (live()) this.#session = undefined;
      if (YibaoError.is(cause)) throw cause;
      throw new ScannerError('SCAN_OPEN_FAILED', { cause, details: { source: this.source } });
    }
    if (!live()) {
      void port.close().catch(() => undefined);
      if (goneAtOpen) throw disconnectedError(this.source, goneAtOpen.cause);
      return false;
    }
    this.port = port;
    return true;
  }

  private lost(cause: unknown): void {
    this.#session = undefined; // late data from the dead port is ignored
    this.#moveLink('lost');
    this.resetDecoder(); // a half-read code cannot be completed by the next device session
    const port = this.port;
    this.port = undefined;
    void port?.close().catch(() => undefined);
    const error = disconnectedError(this.source, cause);
    this.emit('error', error);
    this.emit('detach', { source: this.source, error });
    if (this.reopen && this.binding.reopenable) {
      this.reopenAttempt = 0;
      this.scheduleReopen();
      this.awaitReturn();
    }
  }

  /** Reopens the moment the binding sees the device back (bytes a scanner sends then are not lost to a backoff wait). */
  private awaitReturn(): void {
    if (!this.binding.waitForDevice) return;
    const watch = new AbortController();
    this.watchReturn = watch;
    this.binding.waitForDevice(watch.signal).then(
      () => {
        if (watch.signal.aborted) return;
        this.reopenAttempt = 0; // it is back: if udev is still setting permissions, retry soon
        this.reopenNow();
      },
      () => undefined,
    );
  }

  private scheduleReopen(): void {
    if (!this.reopen || this.#link !== 'lost') return;
    const { initialMs, maxMs, jitter, random, timer } = this.reopen;
    this.reopenAttempt++;
    const delay = backoffDelay(this.reopenAttempt, { baseMs: initialMs, maxMs, jitter }, random);
    if (this.reopenTimer !== undefined) timer.clear(this.reopenTimer);
    this.reopenTimer = timer.set(() => {
      this.reopenTimer = undefined;
      this.reopenNow();
    }, delay);
  }

  private reopenNow(): void {
    if (this.#link !== 'lost') return; // closed, already back, or an attempt in flight
    this.#moveLink('reopening');
    this.connect().then(
      (live) => {
        if (!live) return; // closed meanwhile: connect closed the new port
        this.#moveLink('up');
        this.stopReopening();
        this.emit('attach', { source: this.source });
      },
      () => {
        if (this.#link !== 'reopening') return;
        this.#moveLink('lost');
        this.scheduleReopen();
      },
    );
  }

  private stopReopening(): void {
    if (this.reopen && this.reopenTimer !== undefined) this.reopen.timer.clear(this.reopenTimer);
    this.reopenTimer = undefined;
    this.watchReturn?.abort();
    this.watchReturn = undefined;
  }
}
