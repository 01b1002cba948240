/**
 * Where in the frame a code probably is: blocks of 16x16 pixels (found on a half-size copy) whose mean
 * gradient stands out (a QR's modules flip black/white every few pixels;
 * a counter top or a face does not). The cascade crops there and upscales,
 * which is what lets zxing-cpp read modules of 1.3–3 pixels, at a fraction
 * of the cost of upscaling the whole frame.
 *
 * @module
 */
import type { GreyImage } from './grey.js';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Block side, in pixels of the half-size picture this runs on (16 full-size pixels). */
const B = 8;

/** The box around the busiest blobs of blocks, with two blocks of margin (the quiet zone); undefined when nothing stands out. */
export function findCodeRegion(img: GreyImage): Rect | undefined {
  const { width: w, height: h, data: d } = img;
  const bw = Math.floor(w / B);
  const bh = Math.floor(h / B);
  if (bw < 2 || bh < 2) return undefined;
  const act = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let sum = 0;
      for (let y = by * B; y < by * B + B - 1; y += 2) {
        const row = y * w;
        for (let x = bx * B; x < bx * B + B - 1; x++) {
          const v = d[row + x]!;
          const dx = v - d[row + x + 1]!;
          const dy = v - d[row + w + x]!;
          sum += (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);
        }
      }
      act[by * bw + bx] = sum;
    }
  }
  const sorted = Float32Array.from(act).sort();
  const median = sorted[sorted.length >> 1]!;
  const top = sorted[Math.floor(sorted.length * 0.98)]!;
  if (top < median * 1.5 + 1) return undefined;
  const threshold = median + (top - median) * 0.3;
  // Label 8-connected blobs of busy blocks.
  const label = new Int32Array(bw * bh).fill(-1);
  const blobs: { n: number; x0: number; y0: number; x1: number; y1: number }[] = [];
  const stack: number[] = [];
  for (let i = 0; i < act.length; i++) {
    if (act[i]! < threshold || label[i] !== -1) continue;
    const blob = { n: 0, x0: bw, y0: bh, x1: 0, y1: 0 };
    label[i] = blobs.length;
    stack.push(i);
    while (stack.length) {
      const j = stack.pop()!;
      const x = j % bw;
      const y = (j / bw) | 0;
      blob.n++;
      blob.x0 = Math.min(blob.x0, x);
      blob.y0 = Math.min(blob.y0, y);
      blob.x1 = Math.max(blob.x1, x);
      blob.y1 = Math.max(blob.y1, y);
      for (let ny = Math.max(0, y - 1); ny <= Math.min(bh - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(bw - 1, x + 1); nx++) {
          const k = ny * bw + nx;
          if (label[k] === -1 && act[k]! >= threshold) {
            label[k] = blobs.length;
            stack.push(k);
          }
        }
      }
    }
    blobs.push(blob);
  }
  const biggest = Math.max(...blobs.map((b) => b.n));
  // A QR is a solid square of busy blocks; keep every blob of comparable size (several codes).
  const kept = blobs.filter((b) => b.n >= Math.max(4, biggest * 0.1));
  if (kept.length === 0) return undefined;
  const x0 = Math.max(0, Math.min(...kept.map((b) => b.x0)) - 2) * B;
  const y0 = Math.max(0, Math.min(...kept.map((b) => b.y0)) - 2) * B;
  const x1 = Math.min(w, (Math.max(...kept.map((b) => b.x1)) + 3) * B);
  const y1 = Math.min(h, (Math.max(...kept.map((b) => b.y1)) + 3) * B);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function crop(img: GreyImage, r: Rect): GreyImage {
  const out = new Uint8Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) out.set(img.data.subarray((r.y + y) * img.width + r.x, (r.y + y) * img.width + r.x + r.width), y * r.width);
  return { data: out, width: r.width, height: r.height };
}
