/**
 * Serial binding over serialport, loaded lazily. `lock` (default true) asks
 * the OS for an exclusive open, so a second program cannot read the same
 * scanner; a lock refusal is SCAN_CLAIMED. The port vanishing (serialport's
 * `disconnected` close) is reported to the Scanner, which reopens it.
 *
 * @module
 */
import { loadNative } from '../../lib/native.js';
import type { BindingPort, BindingSink, ScannerBinding } from '../binding.js';
import { ScannerError } from '../errors.js';

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
interface Port {
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  on(event: 'data', fn: (b: Buffer) => void): Port;
  on(event: 'close', fn: (err?: Error & { disconnected?: boolean }) => void): Port;
  on(event: 'error', fn: (err: Error) => void): Port;
  readonly isOpen: boolean;
}
type SerialPortModule = { SerialPort: new (o: { path: string; baudRate: number; lock: boolean; autoOpen: false }) => Port };

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

  async open(sink: BindingSink): Promise<BindingPort> {
    const { SerialPort } = await loadNative<SerialPortModule>('serialport', SERIALPORT_HINT);
    const { path, baudRate = 9600, lock = true } = this.options;
    const port = new SerialPort({ path, baudRate, lock, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => {
        if (!err) return resolve();
        const code = /lock/i.test(err.message) ? 'SCAN_CLAIMED' : 'SCAN_OPEN_FAILED';
        reject(new ScannerError(code, { cause: err, details: { source: this.source } }));
      }),
    );
    let closing = false;
    port.on('data', (b) => sink.data(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
    // A read error that is not a disconnect leaves the port usable; serialport closes it when it is one.
    port.on('error', () => undefined);
    port.on('close', (err) => {
      if (!closing) sink.disconnected(err);
    });
    return {
      close: () =>
        new Promise<void>((resolve) => {
          closing = true;
          if (!port.isOpen) return resolve();
          port.close(() => resolve());
        }),
    };
  }
}
