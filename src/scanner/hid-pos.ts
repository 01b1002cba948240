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
 * Pure: reports in, frames out.
 *
 * @module
 */
import { ScannerError } from './errors.js';
import type { Frame } from './scan.js';

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_SCANNER_USAGE = 0x02;
export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_DATA_BYTES = 56;

export class HidPosDecoder {
  private parts: Uint8Array[] = [];
  private aimId: string | undefined;
  private size = 0;

  constructor(private readonly maxLength = 8192) {}

  /** One report (with its report id as byte 0). Returns a frame when the code is complete. */
  push(report: Uint8Array): Frame | undefined {
    if (report[0] !== HID_POS_REPORT_ID) return undefined; // other reports (status, feature replies) are not scans
    const count = report[1] ?? 0;
    if (count > HID_POS_DATA_BYTES || report.length < 5 + count) {
      this.reset();
      throw new ScannerError('SCAN_BAD_REPORT', { details: { reportLength: report.length, count } });
    }
    if (this.parts.length === 0) {
      const aim = report.subarray(2, 5);
      if (aim[0] === 0x5d) this.aimId = String.fromCharCode(...aim);
    }
    this.parts.push(report.slice(5, 5 + count));
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
    if (bytes.length === 0) return undefined;
    return aimId ? { bytes, aimId } : { bytes };
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
    this.aimId = undefined;
  }
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
