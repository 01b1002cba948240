/**
 * Builds the scanner a command names with `--serial PATH [--baud N]` or
 * `--hid VID:PID`.
 *
 * @module
 */
import { HidScanner, parseVidPid } from '../scanner/hid-scanner.js';
import type { Scanner } from '../scanner/scanner.js';
import { SerialScanner } from '../scanner/serial-scanner.js';
import { UsageError } from './exit.js';

export interface ScannerChoice {
  serial?: string;
  baud?: string;
  hid?: string;
}

export function scannerFromOptions(opts: ScannerChoice): Scanner {
  if (opts.serial) {
    const baudRate = Number(opts.baud ?? 9600);
    if (!Number.isSafeInteger(baudRate) || baudRate <= 0) throw new UsageError(`--baud ${opts.baud}: a positive whole number`);
    return new SerialScanner({ path: opts.serial, baudRate });
  }
  if (opts.hid) {
    const ids = parseVidPid(opts.hid);
    if (!ids) throw new UsageError(`--hid ${opts.hid}: expected VID:PID in hex, e.g. 0c2e:0b61`);
    return new HidScanner(ids);
  }
  throw new UsageError('choose a scanner: --serial PATH or --hid VID:PID');
}
