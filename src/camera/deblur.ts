/**
 * Undoing a hand's shake: a kiosk photo of a phone held up by hand is often
 * smeared along one line (the kiosk set's misses were 5 px shakes over 3 px
 * modules, which no plain reader takes). The direction is where the picture's
 * gradients are weakest (the structure tensor's minor axis); the smear is then
 * undone by Richardson–Lucy deconvolution with a line of that direction.
 * Pure functions on GreyImage.
 *
 * @module
 */
import type { GreyImage } from './grey.js';

/** The shake's direction (radians) and how one-sided the gradients are (1: not at all, as in a sharp code). */
export function shakeDirection(img: GreyImage): { angle: number; anisotropy: number } {
  const { width: w, height: h, data: d } = img;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, i = y * w + 1; x < w - 1; x++, i++) {
      const gx = d[i + 1]! - d[i - 1]!;
      const gy = d[i + w]! - d[i - w]!;
      xx += gx * gx;
      yy += gy * gy;
      xy += gx * gy;
    }
  }
  const half = (xx + yy) / 2;
  const disc = Math.sqrt(Math.max(0, half * half - (xx * yy - xy * xy)));
  const minor = half - disc;
  // The major axis is the strongest gradient; the smear runs across it.
  const angle = 0.5 * Math.atan2(2 * xy, xx - yy) + Math.PI / 2;
  return { angle, anisotropy: minor > 0 ? (half + disc) / minor : Infinity };
}

/** A line of `length` taps along `angle`, as offsets in x and y (nearest pixel). */
function lineTaps(angle: number, length: number): { dx: Int32Array; dy: Int32Array } {
  const n = Math.max(2, Math.round(length));
  const dx = new Int32Array(n);
  const dy = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const t = k - (n - 1) / 2;
    dx[k] = Math.round(t * Math.cos(angle));
    dy[k] = Math.round(t * Math.sin(angle));
  }
  return { dx, dy };
}

/** Mean of the taps around each pixel (edges clamped); `out` is overwritten. */
function lineMean(src: Float32Array, out: Float32Array, w: number, h: number, taps: { dx: Int32Array; dy: Int32Array }): void {
  const { dx, dy } = taps;
  const n = dx.length;
  let reach = 0;
  for (let k = 0; k < n; k++) reach = Math.max(reach, Math.abs(dx[k]!), Math.abs(dy[k]!));
  const offsets = new Int32Array(n);
  for (let k = 0; k < n; k++) offsets[k] = dy[k]! * w + dx[k]!;
  for (let y = 0; y < h; y++) {
    const inner = y >= reach && y < h - reach;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      let s = 0;
      if (inner && x >= reach && x < w - reach) {
        for (let k = 0; k < n; k++) s += src[i + offsets[k]!]!;
      } else {
        for (let k = 0; k < n; k++) {
          const sx = Math.min(w - 1, Math.max(0, x + dx[k]!));
          const sy = Math.min(h - 1, Math.max(0, y + dy[k]!));
          s += src[sy * w + sx]!;
        }
      }
      out[i] = s / n;
    }
  }
}

/**
 * Richardson–Lucy deconvolution of a straight smear of `length` px along
 * `angle`: each round blurs the estimate, compares with the picture, and
 * corrects by the ratio blurred back (the line is symmetric, so it is its own mirror).
 */
export function unshake(img: GreyImage, angle: number, length: number, rounds: number): GreyImage {
  const { width: w, height: h, data } = img;
  const taps = lineTaps(angle, length);
  const seen = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) seen[i] = data[i]! + 1; // no zeros to divide by
  const est = Float32Array.from(seen);
  const blurred = new Float32Array(data.length);
  const back = new Float32Array(data.length);
  for (let r = 0; r < rounds; r++) {
    lineMean(est, blurred, w, h, taps);
    for (let i = 0; i < blurred.length; i++) blurred[i] = seen[i]! / blurred[i]!;
    lineMean(blurred, back, w, h, taps);
    for (let i = 0; i < est.length; i++) est[i] = est[i]! * back[i]!;
  }
  const out = new Uint8Array(data.length);
  for (let i = 0; i < est.length; i++) {
    const v = est[i]! - 1;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return { data: out, width: w, height: h };
}
