/**
 * SerialScanner: a Scanner on a serial (or USB CDC-ACM) port.
 *
 * @example
 * ```ts
 * const scanner = new SerialScanner({ path: '/dev/ttyACM0', baudRate: 115200, suffix: 'cr' });
 * scanner.on('scan', (s) => console.log(s.kind, s.text));
 * await scanner.open(); await scanner.claim(); await scanner.enable();
 * ```
 *
 * @module
 */
import { SerialBinding, type SerialBindingOptions } from './bindings/serial.js';
import type { FramingOptions } from './framing/options.js';
import { Scanner, type ScannerOptions } from './scanner.js';

/**
 * Options of `SerialScanner`: port path, baud rate, suffix, and the `Scanner` options.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type SerialScannerOptions = SerialBindingOptions & FramingOptions & Omit<ScannerOptions, 'binding' | 'framing' | 'layout'>;

/**
 * A scanner on a serial port (USB CDC-ACM or RS-232): a `Scanner` over a `SerialBinding`.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { SerialScanner } from 'yibao-pos/scanner';
 * const scanner = new SerialScanner({ path: '/dev/ttyACM0', baudRate: 9600, suffix: 'cr' });
 * scanner.on('scan', (s) => console.log(s.text));
 * await scanner.open(); await scanner.claim(); await scanner.enable();
 * ```
 */
export class SerialScanner extends Scanner {
  constructor(options: SerialScannerOptions) {
    const { path, baudRate, lock, clock, reopen, ...framing } = options;
    super({
      binding: new SerialBinding({ path, ...(baudRate === undefined ? {} : { baudRate }), ...(lock === undefined ? {} : { lock }) }),
      framing,
      ...(clock ? { clock } : {}),
      ...(reopen === undefined ? {} : { reopen }),
    });
  }
}
