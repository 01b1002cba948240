/**
 * Replays recorded HID reports (HID POS or keyboard) through the same
 * decoding as a live device: `listen --hid-capture FILE`, fixtures, bug
 * reports. The capture format is one report per line in hex (spaces
 * allowed); blank lines and lines starting with `#` are skipped. A header
 * line `# format: keyboard` or `# format: hid-pos` names the kind; without
 * one it is told by shape (captureFormat).
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

export type CaptureFormat = Exclude<BindingFormat, 'bytes'>;

/**
 * Tells a capture's kind by its shape: boot keyboard reports are 8 bytes, or
 * 9 with a report id in front (one id throughout, the reserved byte zero,
 * and key releases that are all zeros after the id); anything else is HID POS.
 */
export function captureFormat(reports: Uint8Array[]): CaptureFormat {
  if (reports.length === 0) return 'hid-pos';
  if (reports.every((r) => r.length === 8)) return 'keyboard';
  const id = reports[0]![0];
  const keyboard9 =
    reports.every((r) => r.length === 9 && r[0] === id && r[2] === 0) && reports.some((r) => r.subarray(1).every((b) => b === 0));
  return keyboard9 ? 'keyboard' : 'hid-pos';
}

/** The format a `# format: …` header line names, if any. */
export function captureHeaderFormat(text: string): CaptureFormat | undefined {
  const m = /^#\s*format:\s*(keyboard|hid-pos)\s*$/im.exec(text);
  return m ? (m[1]!.toLowerCase() as CaptureFormat) : undefined;
}

/** A capture file's reports and kind (header line first, shape otherwise). */
export function readCapture(text: string): { reports: Uint8Array[]; format: CaptureFormat } {
  const reports = parseHidCapture(text);
  return { reports, format: captureHeaderFormat(text) ?? captureFormat(reports) };
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
