/**
 * Column width of text on a receipt printer: CJK and other East Asian wide
 * characters take two columns, combining marks none.
 *
 * @module
 */

// East Asian Wide/Fullwidth ranges that occur on receipts (names, units, punctuation).
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf],
  [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff],
  [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f],
  [0x20000, 0x3fffd],
];

function charWidth(cp: number): number {
  if (cp === 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x0300 && cp <= 0x036f) || cp === 0x200b || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return 2;
  return 1;
}

/**
 * Columns a text takes on a fixed-width receipt: CJK and full-width characters count two.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 *
 * @param text The text to measure.
 * @example
 * ```ts
 * import { displayWidth } from 'yibao-pos/checkout';
 * displayWidth('阿莫西林 x2'); // 11
 * ```
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** Cuts `text` to at most `width` columns, never splitting a wide character. */
export function truncateToWidth(text: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out;
}

/** `left` and `right` on one line of `width` columns, right-aligned; the left side is cut to fit. */
export function twoColumns(left: string, right: string, width: number): string {
  const rw = displayWidth(right);
  const l = truncateToWidth(left, Math.max(0, width - rw - 1));
  return l + ' '.repeat(Math.max(1, width - displayWidth(l) - rw)) + right;
}

/** Splits text into lines of at most `width` columns. */
export function wrapToWidth(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
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
