/**
 * An external PIN pad on a serial port, speaking the line protocol of
 * serial-protocol.ts. serialport is loaded lazily, on the first prompt. The
 * port stays open between prompts and is reopened after a fault; `close()`
 * releases it. The idle timeout (default 60 s) restarts on each key echo;
 * when the terminal gives up (timeout, abort) it sends `ABORT` so the pad
 * clears its display.
 *
 * @module
 */
import { optionalNumber, RANGES } from '../lib/numbers.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { loadNative } from '../lib/native.js';
import { PinDigits } from './digits.js';
import { PinError } from './errors.js';
import type { PinPad, PinRequest } from './pin-pad.js';
import { runPrompt } from './prompt-session.js';
import { DEFAULT_PIN_TIMEOUT_MS } from './prompt-text.js';
import { systemTimer, type Timer } from '../lib/timer.js';
import { sealPinDigits } from './seal.js';
import { formatPadPrompt, PAD_ABORT, PadReplyParser } from './serial-protocol.js';

/**
 * Options of `SerialPinPad`: port path, baud rate, idle timeout.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 */
export interface SerialPinPadOptions {
  /** e.g. `/dev/ttyUSB0`, `COM3`. */
  path: string;
  /** Default 9600. */
  baudRate?: number;
  /** Idle time allowed between keys, default 60 s. */
  timeoutMs?: number;
  clock?: Clock;
  timer?: Timer;
}

/** The part of a serialport SerialPort this pad uses. */
interface PadPort {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  write(data: string, cb: (err: Error | null | undefined) => void): boolean;
  close(cb: (err: Error | null) => void): void;
  on(event: 'data', fn: (chunk: Buffer) => void): this;
  on(event: 'close' | 'error', fn: (err?: Error) => void): this;
  off(event: string, fn: (...args: never[]) => void): this;
}

type SerialPortModule = { SerialPort: new (o: { path: string; baudRate: number; autoOpen: boolean }) => PadPort };

const INSTALL_HINT = 'npm install serialport (prebuilt for Linux/macOS/Windows; otherwise a C++ toolchain)';

/**
 * A PIN pad on a serial port (protocol in docs/pin.md); the PIN is sealed as soon as it is complete.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 *
 * @example
 * ```ts
 * import { createTerminal, SerialPinPad } from 'yibao-pos';
 * const terminal = await createTerminal({ ...config, pinPad: new SerialPinPad({ path: '/dev/ttyUSB0' }) });
 * ```
 */
export class SerialPinPad implements PinPad {
  private port: PadPort | undefined;
  private busy = false;

  constructor(private readonly options: SerialPinPadOptions) {
    optionalNumber('timeoutMs', options.timeoutMs, RANGES.timeoutMs);
  }

  async requestPin(req: PinRequest): Promise<string> {
    if (req.signal?.aborted) throw new PinError('PIN_CANCELLED');
    if (this.busy) throw new PinError('PIN_DEVICE', { details: { path: this.options.path, reason: 'a PIN prompt is already open on this pad' } });
    this.busy = true;
    let digits: PinDigits | undefined;
    try {
      const port = await this.open();
      const parser = new PadReplyParser();
      await runPrompt<void>({
        signal: req.signal,
        timer: this.options.timer ?? systemTimer,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_PIN_TIMEOUT_MS,
        setup: (control) => {
          let padEnded = false;
          const fail = (reason: string, cause?: unknown) =>
            control.reject(new PinError('PIN_DEVICE', { cause, details: { path: this.options.path, reason } }));
          const onData = (chunk: Buffer) => {
            const events = parser.push(chunk);
            chunk.fill(0);
            for (const event of events) {
              if (control.settled) {
                if (event.kind === 'ok') event.digits.wipe();
                continue;
              }
              padEnded = event.kind !== 'key';
              if (event.kind === 'key') control.touch();
              else if (event.kind === 'ok') {
                digits = event.digits;
                control.resolve();
              } else if (event.kind === 'bad-pin') control.reject(new PinError('PIN_FORMAT'));
              else if (event.kind === 'cancel') control.reject(new PinError('PIN_CANCELLED'));
              else if (event.kind === 'timeout') control.reject(new PinError('PIN_TIMEOUT'));
              else fail(event.reason);
            }
          };
          const onClose = () => {
            padEnded = true;
            this.port = undefined;
            fail('the pad was disconnected');
          };
          const onError = (cause?: Error) => {
            // A faulted port is dropped; the next prompt opens it afresh.
            padEnded = true;
            if (this.port === port) this.port = undefined;
            if (port.isOpen) port.close(() => {});
            fail('serial port error', cause);
          };
          port.on('data', onData);
          port.on('close', onClose);
          port.on('error', onError);
          port.write(formatPadPrompt(req), (err) => {
            if (err) fail('could not write the prompt', err);
          });
          return () => {
            port.off('data', onData);
            port.off('close', onClose);
            port.off('error', onError);
            parser.clear();
            if (!padEnded && port.isOpen) port.write(PAD_ABORT, () => {});
          };
        },
      });
      const got = digits as PinDigits | undefined;
      if (!got) throw new PinError('PIN_DEVICE', { details: { path: this.options.path, reason: 'no PIN received' } });
      return await got.consume((d) =>
        sealPinDigits(d, { jti: req.jti, msgid: req.msgid, amountFen: req.amountFen, pinKey: req.pinKey, now: this.options.clock ?? systemClock }),
      );
    } finally {
      (digits as PinDigits | undefined)?.wipe();
      this.busy = false;
    }
  }

  /** Closes the serial port (a later prompt reopens it). */
  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async open(): Promise<PadPort> {
    if (this.port?.isOpen) return this.port;
    const { SerialPort } = await loadNative<SerialPortModule>('serialport', INSTALL_HINT);
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate ?? 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(new PinError('PIN_DEVICE', { cause: err, details: { path: this.options.path, reason: 'could not open the port' } })) : resolve())),
    );
    // A port error outside a prompt must not crash the process; the next prompt reopens.
    port.on('error', () => {});
    port.on('close', () => {
      if (this.port === port) this.port = undefined;
    });
    this.port = port;
    return port;
  }
}
