/**
 * Decoding of the USB HID POS scanned-data report (HID usage page 0x8C,
 * barcode scanner usage 0x02; the layout Honeywell, Zebra and Newland use):
 *
 * | byte  | meaning                                                 |
 * |-------|---------------------------------------------------------|
 * | 0     | report id (0x02)                                        |
 * | 1     | number of data bytes in this report (0–56)              |
 * | 2–4   | AIM symbology id (`]Q1`), zeros when the scanner has none |
 * | 5–60  | data, padded with zeros                                 |
 * | 61–62 | vendor specific (ignored)                               |
 * | 63    | bit 0: more reports follow for this code (continuation) |
 *
 * Reports of one long code are joined until a report without the flag.
 * Variants seen in the field:
 * - no AIM field: when bytes 2–4 are neither an AIM id (`]` + letter +
 *   modifier) nor zeros, the data starts at byte 2 and nothing is dropped;
 * - a suffix (CR, CRLF, set on the scanner) at the end of the data is
 *   stripped like the framer strips it, and a report holding only the
 *   suffix is no scan.
 * Pure: reports in, frames out.
 *
 * @module
 */
import { ScannerError } from './errors.js';
import { isAimId } from './framing/aim.js';
import type { Frame } from './scan.js';

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_SCANNER_USAGE = 0x02;
export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_DATA_BYTES = 56;

export class HidPosDecoder {
  private parts: Uint8Array[] = [];
  private aimId: string | undefined;
  private size = 0;

  /** `suffix`: the scanner's configured suffix (e.g. CR), stripped from the end of the data. */
  constructor(
    private readonly maxLength = 8192,
    private readonly suffix: Uint8Array = new Uint8Array(0),
  ) {}

  /** One report (with its report id as byte 0). Returns a frame when the code is complete. */
  push(report: Uint8Array): Frame | undefined {
    if (report[0] !== HID_POS_REPORT_ID) return undefined; // other reports (status, feature replies) are not scans
    const count = report[1] ?? 0;
    const field = report.subarray(2, 5);
    const hasAim = isAimId(field);
    // The AIM field is there when it holds an id or zeros; otherwise the data starts right after the count.
    const start = hasAim || (field.length === 3 && field.every((b) => b === 0)) ? 5 : 2;
    if (count > HID_POS_DATA_BYTES + 5 - start || report.length < start + count) {
      this.reset();
      throw new ScannerError('SCAN_BAD_REPORT', { details: { reportLength: report.length, count } });
    }
    if (this.parts.length === 0 && hasAim) this.aimId = String.fromCharCode(...field);
    this.parts.push(report.slice(start, start + count));
    this.size += count;
    const more = report.length >= 64 && ((report[63] ?? 0) & 0x01) === 1;
    if (this.size > this.maxLength) {
      this.reset();
      throw new ScannerError('SCAN_TOO_LONG', { details: { length: this.size, maxLength: this.maxLength } });
    }
    if (more) return undefined;
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const aimId = this.aimId;
    this.reset();
    const data = endsWith(bytes, this.suffix) ? bytes.subarray(0, bytes.length - this.suffix.length) : bytes;
    if (data.length === 0) return undefined; // nothing, or the suffix alone
    return aimId ? { bytes: data, aimId } : { bytes: data };
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
    this.aimId = undefined;
  }
}

function endsWith(bytes: Uint8Array, tail: Uint8Array): boolean {
  if (tail.length === 0 || bytes.length < tail.length) return false;
  const at = bytes.length - tail.length;
  return tail.every((b, i) => bytes[at + i] === b);
}

/** Builds the reports a HID POS scanner would send for `data` (fixtures, the sim, tests). */
export function hidPosReports(data: Uint8Array, aimId?: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  let off = 0;
  do {
    const chunk = data.subarray(off, off + HID_POS_DATA_BYTES);
    off += chunk.length;
    const r = new Uint8Array(64);
    r[0] = HID_POS_REPORT_ID;
    r[1] = chunk.length;
    if (aimId) for (let i = 0; i < 3; i++) r[2 + i] = aimId.charCodeAt(i);
    r.set(chunk, 5);
    r[63] = off < data.length ? 1 : 0;
    out.push(r);
  } while (off < data.length);
  return out;
}
