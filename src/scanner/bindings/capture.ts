/**
 * A replay binding from the text of a capture file (`listen --hid-capture`):
 * the public way to replay a recording, keeping its parser private.
 *
 * @module
 */
import { readCapture, ReplayBinding } from './replay.js';

/**
 * A `ReplayBinding` over a capture file's text: one HID report per line in
 * hex, `#` comments and blank lines skipped; 8-byte reports replay as a
 * keyboard-wedge scanner, others as HID POS, unless a `# format: keyboard|hid-pos` line names the kind.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @param text The capture file's content.
 * @param source How scans from it are labelled (default `hid-capture`).
 * @throws `SCAN_BAD_REPORT` (details: `line`) when a line is not hex bytes.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { Scanner, captureBinding } from 'yibao-pos/scanner';
 * const scanner = new Scanner({ binding: captureBinding(readFileSync('scan.hex', 'utf8')) });
 * scanner.on('scan', (s) => console.log(s.text));
 * await scanner.open(); await scanner.claim(); await scanner.enable();
 * ```
 */
export function captureBinding(text: string, source = 'hid-capture'): ReplayBinding {
  const { reports, format } = readCapture(text);
  return new ReplayBinding(reports, format, source);
}
