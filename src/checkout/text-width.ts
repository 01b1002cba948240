/**
 * Column width of text on a receipt printer. Two rules:
 * - `unicode` (default; a terminal, a UTF-8 printer): East Asian Wide and
 *   Fullwidth characters take two columns, combining marks none, ambiguous
 *   ones (μ × ① · — ℃) one;
 * - `gb18030` (a GBK/GB18030 thermal printer in Chinese mode): the printer
 *   prints every multi-byte character as a full-width glyph, and in GB18030
 *   every character outside ASCII is multi-byte, so each takes two columns.
 *
 * @module
 */

/**
 * How a printer lays characters out: see the module comment.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export type ColumnEncoding = 'unicode' | 'gb18030';

// East Asian Wide/Fullwidth ranges that occur on receipts (names, units, punctuation).
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf],
  [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff],
  [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f],
  [0x20000, 0x3fffd],
];

function charWidth(cp: number, encoding: ColumnEncoding): number {
  if (cp === 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (encoding === 'gb18030') return cp < 0x80 ? 1 : 2;
  if ((cp >= 0x0300 && cp <= 0x036f) || cp === 0x200b || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return 2;
  return 1;
}

/**
 * Columns a text takes on a fixed-width receipt printed under `encoding`: CJK and full-width characters count two.
 *
 * @param text The text to measure.
 * @param encoding The printer's column encoding (default `unicode`).
 */
export function displayWidth(text: string, encoding: ColumnEncoding = 'unicode'): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0)!, encoding);
  return w;
}

/** Cuts `text` to at most `width` columns, never splitting a wide character. */
export function truncateToWidth(text: string, width: number, encoding: ColumnEncoding = 'unicode'): string {
  let w = 0;
  let out = '';
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!, encoding);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out;
}

/** `left` and `right` on one line of `width` columns, right-aligned; the left side is cut to fit. */
export function twoColumns(left: string, right: string, width: number, encoding: ColumnEncoding = 'unicode'): string {
  const rw = displayWidth(right, encoding);
  const l = truncateToWidth(left, Math.max(0, width - rw - 1), encoding);
  return l + ' '.repeat(Math.max(1, width - displayWidth(l, encoding) - rw)) + right;
}

/** Splits text into lines of at most `width` columns. */
export function wrapToWidth(text: string, width: number, encoding: ColumnEncoding = 'unicode'): string[] {
  const lines: string[] = [];
  let line = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!, encoding);
    if (w + cw > width) {
      lines.push(line);
      line = '';
      w = 0;
    }
    line += ch;
    w += cw;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
