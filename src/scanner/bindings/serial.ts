/**
 * Serial binding over serialport, loaded lazily. `lock` (default true) asks
 * the OS for an exclusive open, so a second program cannot read the same
 * scanner; a lock refusal is SCAN_PORT_BUSY. Other open failures are typed
 * with the path, the cause and the fix (device-errors.ts). The port vanishing
 * (serialport's `disconnected` close) is reported to the Scanner, which
 * reopens it the moment the path is back (`waitForDevice`).
 *
 * @module
 */
import { existsSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { loadNative } from '../../lib/native.js';
import type { BindingPort, BindingSink, ScannerBinding } from '../binding.js';
import { deviceOpenError } from '../device-errors.js';

export const SERIALPORT_HINT = 'npm install serialport (prebuilt for Linux/macOS/Windows; otherwise a C++ toolchain)';

/**
 * Options of `SerialBinding`: path, baud rate, exclusive lock.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface SerialBindingOptions {
  /** e.g. `/dev/ttyACM0`, `/dev/ttyUSB0`, `COM3`. */
  path: string;
  /** Default 9600 (most scanners' factory setting). */
  baudRate?: number;
  /** Exclusive open. Default true. */
  lock?: boolean;
  /** serialport's SerialPort class or a stand-in (tests inject open failures); default serialport, loaded lazily. */
  portClass?: SerialPortClass;
}

/** serialport's PortInfo, the fields discovery reads. */
export interface SerialPortInfo {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
}

/** serialport's `SerialPort.list()` (on Linux it runs `udevadm`, Debian package `udev`). */
export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  const { SerialPort } = await loadNative<{ SerialPort: { list(): Promise<SerialPortInfo[]> } }>('serialport', SERIALPORT_HINT);
  return SerialPort.list();
}

/** The part of serialport's SerialPort this binding uses. */
export interface SerialPortLike {
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  on(event: 'data', fn: (b: Buffer) => void): SerialPortLike;
  on(event: 'close', fn: (err?: Error & { disconnected?: boolean }) => void): SerialPortLike;
  on(event: 'error', fn: (err: Error) => void): SerialPortLike;
  readonly isOpen: boolean;
}
export type SerialPortClass = new (o: { path: string; baudRate: number; lock: boolean; autoOpen: false }) => SerialPortLike;
type SerialPortModule = { SerialPort: SerialPortClass };

/**
 * The serial-port binding (serialport, loaded when opened): exclusive open, unplug detection.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { Scanner, SerialBinding } from 'yibao-pos/scanner';
 * const scanner = new Scanner({ binding: new SerialBinding({ path: 'COM3', baudRate: 115200 }) });
 * ```
 */
export class SerialBinding implements ScannerBinding {
  readonly format = 'bytes' as const;
  readonly reopenable = true;
  readonly source: string;

  constructor(private readonly options: SerialBindingOptions) {
    this.source = `serial:${options.path}`;
  }

  /** Resolves when the port's path exists again (after an unplug). */
  waitForDevice(signal: AbortSignal): Promise<void> {
    return waitForPath(this.options.path, signal);
  }

  async open(sink: BindingSink): Promise<BindingPort> {
    const SerialPort = this.options.portClass ?? (await loadNative<SerialPortModule>('serialport', SERIALPORT_HINT)).SerialPort;
    const { path, baudRate = 9600, lock = true } = this.options;
    const port = new SerialPort({ path, baudRate, lock, autoOpen: false });
    const failed = await new Promise<Error | null>((resolve) => port.open(resolve));
    if (failed) throw await deviceOpenError(this.source, path, failed);
    let closing = false;
    let gone = false;
    const lose = (err?: Error) => {
      if (closing || gone) return;
      gone = true;
      stopWatch();
      sink.disconnected(err);
    };
    // A tty that was hung up (USB-serial unplugged, a pty's other end closed) can read 0 bytes forever
    // instead of failing, and serialport then retries the read without end and never reports the
    // disconnect (serialport/bindings-cpp#162). The device's path vanishing is the sure sign: it
    // reports the loss, and closing the port ends that read loop. Only paths that exist (not COM3).
    const stopWatch = existsSync(path) ? watchPathGone(path, () => lose(new Error(`${path} vanished`))) : () => undefined;
    port.on('data', (b) => sink.data(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
    // A read error that is not a disconnect leaves the port usable; serialport closes it when it is one.
    port.on('error', () => undefined);
    port.on('close', (err) => lose(err));
    return {
      close: () =>
        new Promise<void>((resolve) => {
          closing = true;
          stopWatch();
          if (!port.isOpen) return resolve();
          port.close(() => resolve());
        }),
    };
  }
}

/**
 * Resolves as soon as `path` exists again (an inotify/FSEvents watch on its
 * folder, with a slow poll as a safety net), so a replugged scanner is
 * reopened before the cashier can scan; rejects when `signal` aborts.
 */
export function waitForPath(path: string, signal: AbortSignal, pollMs = 250): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let watcher: ReturnType<typeof watch> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    const done = (err?: unknown) => {
      watcher?.close();
      if (poll) clearInterval(poll);
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const check = () => {
      if (existsSync(path)) done();
    };
    const onAbort = () => done(signal.reason ?? new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    watcher = watchEntry(path, check);
    poll = setInterval(check, pollMs);
    poll.unref();
    check();
  });
}

/**
 * A watch on `path`'s folder that calls `onChange` when an entry of that name
 * changes (or any, where the platform does not say which); undefined when the
 * folder cannot be watched (it may be gone: a temp dir, /dev/serial/by-id),
 * where the caller's slow poll covers it.
 */
function watchEntry(path: string, onChange: () => void): ReturnType<typeof watch> | undefined {
  try {
    const name = basename(path);
    const watcher = watch(dirname(path), (_event, file) => {
      if (file === null || file === name) onChange();
    });
    watcher.on('error', () => undefined);
    watcher.unref();
    return watcher;
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` once `path` no longer exists (a watch on its folder, with a
 * slow poll as a safety net); returns the function that stops watching.
 */
export function watchPathGone(path: string, onGone: () => void, pollMs = 250): () => void {
  let watcher: ReturnType<typeof watch> | undefined;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    watcher?.close();
    clearInterval(poll);
  };
  const check = () => {
    if (stopped || existsSync(path)) return;
    stop();
    onGone();
  };
  const poll = setInterval(check, pollMs);
  poll.unref();
  watcher = watchEntry(path, check);
  return stop;
}
