/**
 * Replays recorded HID reports (HID POS or keyboard) through the same
 * decoding as a live device: `listen --hid-capture FILE`, fixtures, bug
 * reports. The capture format is one report per line in hex (spaces
 * allowed); blank lines and lines starting with `#` are skipped.
 *
 * @module
 */
import type { BindingFormat, BindingPort, BindingSink, ScannerBinding } from '../binding.js';
import { ScannerError } from '../errors.js';

/** Parses a capture file's text into reports. Throws SCAN_BAD_REPORT naming the line. */
export function parseHidCapture(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\s+/g, '');
    if (line === '' || line.startsWith('#')) continue;
    if (!/^([0-9a-fA-F]{2})+$/.test(line)) throw new ScannerError('SCAN_BAD_REPORT', { details: { line: i + 1 } });
    out.push(Uint8Array.from(line.match(/../g)!, (h) => parseInt(h, 16)));
  }
  return out;
}

/** Guesses the format of a capture: 8-byte reports are keyboard, else HID POS. */
export function captureFormat(reports: Uint8Array[]): Exclude<BindingFormat, 'bytes'> {
  return reports.length > 0 && reports.every((r) => r.length === 8) ? 'keyboard' : 'hid-pos';
}

/**
 * Replays recorded HID reports through the same decoding as a live device (fixtures, bug reports); see `captureBinding` for a capture file.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { Scanner, ReplayBinding } from 'yibao-pos/scanner';
 * const scanner = new Scanner({ binding: new ReplayBinding(reports, 'hid-pos') });
 * ```
 */
export class ReplayBinding implements ScannerBinding {
  readonly reopenable = false;

  constructor(
    private readonly reports: Uint8Array[],
    readonly format: BindingFormat = captureFormat(reports),
    readonly source = 'hid-capture',
  ) {}

  async open(sink: BindingSink): Promise<BindingPort> {
    let open = true;
    // Delivered from the next macrotask, after `await open(); await claim(); await enable()`.
    const run = async () => {
      await new Promise((r) => setImmediate(r));
      for (const r of this.reports) {
        if (!open) return;
        sink.data(r);
      }
      if (open) sink.end();
    };
    void run();
    return {
      close: async () => {
        open = false;
      },
    };
  }
}
