/**
 * Framer: a byte stream in, complete scans out. Pure: no I/O, time only via
 * the injected timer. Scans end at the suffix or, if configured, after an
 * inter-byte gap. A runaway stream longer than `maxLength` raises
 * `SCAN_TOO_LONG` once and is dropped up to the next suffix (or gap); what
 * follows is framed normally. Empty frames (a lone suffix) are skipped.
 * Decoding UTF-8 happens per frame, so characters split across reads survive.
 *
 * @module
 */
import { ScannerError } from '../errors.js';
import type { Frame } from '../scan.js';
import { splitAim } from './aim.js';
import { unrefTimer } from '../../lib/timer.js';
import { PREFIXES, SUFFIXES, type FramingOptions } from './options.js';

export interface FramerSink {
  frame(frame: Frame): void;
  error(err: ScannerError): void;
}

export class Framer {
  private readonly suffix: Uint8Array;
  private readonly prefix: Uint8Array;
  private readonly maxLength: number;
  private readonly gapMs: number | undefined;
  private readonly aim: boolean;
  private readonly timer;
  private buf = new Uint8Array(256);
  private len = 0;
  /** How many bytes of the suffix the tail currently matches. */
  private matched = 0;
  private discarding = false;
  private pendingTimer: unknown = undefined;

  constructor(
    private readonly sink: FramerSink,
    options: FramingOptions = {},
  ) {
    this.suffix = SUFFIXES[options.suffix ?? 'cr'];
    this.prefix = PREFIXES[options.prefix ?? (options.suffix === 'etx' ? 'stx' : 'none')];
    this.maxLength = options.maxLength ?? 8192;
    this.gapMs = options.interByteTimeoutMs;
    this.aim = (options.aim ?? 'auto') === 'auto';
    this.timer = options.timer ?? unrefTimer;
  }

  push(chunk: Uint8Array): void {
    const suffix = this.suffix;
    const sl = suffix.length;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (sl > 0) {
        if (b === suffix[this.matched]) this.matched++;
        else this.matched = b === suffix[0] ? 1 : 0;
      }
      if (this.discarding) {
        if (sl > 0 && this.matched === sl) {
          this.discarding = false;
          this.matched = 0;
        }
        continue;
      }
      if (this.len === this.buf.length) this.grow();
      this.buf[this.len++] = b;
      if (sl > 0 && this.matched === sl) {
        this.matched = 0;
        this.emit(this.len - sl);
      } else if (this.len - this.matched > this.maxLength) {
        this.tooLong();
      }
    }
    if (this.gapMs !== undefined && (this.len > 0 || this.discarding)) this.arm();
  }

  /** Ends the scan in progress now (the stream ended or the device went away). */
  flush(): void {
    this.disarm();
    if (this.discarding) {
      this.discarding = false;
    } else if (this.len > 0) {
      this.emit(this.len);
    }
    this.matched = 0;
  }

  /** Drops a partial scan (e.g. after an unplug the device resends nothing). */
  reset(): void {
    this.disarm();
    this.len = 0;
    this.matched = 0;
    this.discarding = false;
  }

  private tooLong(): void {
    const length = this.len;
    this.len = 0;
    this.discarding = true;
    this.sink.error(new ScannerError('SCAN_TOO_LONG', { details: { length, maxLength: this.maxLength } }));
  }

  private emit(end: number): void {
    let bytes = this.buf.slice(0, end);
    this.len = 0;
    const p = this.prefix;
    if (p.length > 0 && bytes.length >= p.length && p.every((x, k) => bytes[k] === x)) bytes = bytes.subarray(p.length);
    if (bytes.length === 0) return;
    const split = this.aim ? splitAim(bytes) : { data: bytes };
    if (split.data.length === 0 && split.aimId === undefined) return;
    this.sink.frame(split.aimId ? { bytes: split.data, aimId: split.aimId } : { bytes: split.data });
  }

  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }

  private arm(): void {
    this.disarm();
    this.pendingTimer = this.timer.set(() => {
      this.pendingTimer = undefined;
      this.flush();
    }, this.gapMs!);
  }

  private disarm(): void {
    if (this.pendingTimer !== undefined) this.timer.clear(this.pendingTimer);
    this.pendingTimer = undefined;
  }
}
