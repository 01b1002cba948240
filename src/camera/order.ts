/**
 * Merging what several passes found into one list in reading order: top to
 * bottom by rows, left to right within a row. The same text found twice at
 * the same place (two passes, or a pass that retried) is one code.
 *
 * @module
 */
import type { Corners, Point, RawCode } from './engines.js';

function centre(c: Corners): Point {
  return { x: (c.topLeft.x + c.topRight.x + c.bottomRight.x + c.bottomLeft.x) / 4, y: (c.topLeft.y + c.topRight.y + c.bottomRight.y + c.bottomLeft.y) / 4 };
}

function size(c: Corners): number {
  return Math.max(Math.hypot(c.topRight.x - c.topLeft.x, c.topRight.y - c.topLeft.y), Math.hypot(c.bottomLeft.x - c.topLeft.x, c.bottomLeft.y - c.topLeft.y), 1);
}

/** Same text whose centres lie within half a symbol of each other (or either has no position). */
function sameCode(a: RawCode, b: RawCode): boolean {
  if (a.text !== b.text || a.symbology !== b.symbology) return false;
  if (!a.corners || !b.corners) return true;
  const ca = centre(a.corners);
  const cb = centre(b.corners);
  return Math.hypot(ca.x - cb.x, ca.y - cb.y) < Math.max(size(a.corners), size(b.corners)) / 2;
}

export function mergeCodes(found: readonly RawCode[], more: readonly RawCode[]): RawCode[] {
  const out = [...found];
  for (const m of more) if (!out.some((f) => sameCode(f, m))) out.push(m);
  return out;
}

/** Rows are codes whose centres are closer vertically than half the taller one. */
export function readingOrder(codes: readonly RawCode[]): RawCode[] {
  const placed = codes.map((code, i) => ({ code, i, c: code.corners ? centre(code.corners) : { x: 0, y: 0 }, s: code.corners ? size(code.corners) : 0 }));
  placed.sort((a, b) => a.c.y - b.c.y || a.c.x - b.c.x);
  const rows: (typeof placed)[] = [];
  for (const p of placed) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(p.c.y - row[0]!.c.y) < Math.max(p.s, row[0]!.s) / 2) row.push(p);
    else rows.push([p]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.c.x - b.c.x || a.i - b.i).map((p) => p.code));
}

/** Maps corners found in a cropped, scaled copy back to the input's pixels. */
export function mapCorners(c: Corners, f: number, dx: number, dy: number): Corners {
  const s = (p: Point): Point => ({ x: dx + p.x * f, y: dy + p.y * f });
  return { topLeft: s(c.topLeft), topRight: s(c.topRight), bottomRight: s(c.bottomRight), bottomLeft: s(c.bottomLeft) };
}
