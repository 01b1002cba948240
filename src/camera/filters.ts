/**
 * Cheap picture fixes the cascade tries when a plain read fails: contrast
 * stretch (low contrast, glare), local flattening (a reflection over part of
 * the code), unsharp mask (blur), box downscale (moiré,
 * noise, oversized frames), bilinear upscale (tiny modules). Pure functions
 * on GreyImage; each returns a new image.
 *
 * @module
 */
import type { GreyImage } from './grey.js';

/** Maps the 1st..99th percentile of luma onto 0..255. */
export function stretchContrast(img: GreyImage): GreyImage {
  const hist = new Uint32Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i++) hist[d[i]!]!++;
  const cut = d.length * 0.01;
  let lo = 0;
  for (let acc = 0; lo < 255 && (acc += hist[lo]!) < cut; ) lo++;
  let hi = 255;
  for (let acc = 0; hi > 0 && (acc += hist[hi]!) < cut; ) hi--;
  if (hi - lo < 4) return img;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / (hi - lo))));
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = lut[d[i]!]!;
  return { data: out, width: img.width, height: img.height };
}

/** Box blur of radius r (separable, running sums), the base of sharpening. */
export function boxBlur(img: GreyImage, r: number): GreyImage {
  const { width: w, height: h, data } = img;
  const tmp = new Uint16Array(w * h);
  const out = new Uint8Array(w * h);
  const span = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let sum = 0;
    for (let x = -r; x <= r; x++) sum += data[row + Math.min(w - 1, Math.max(0, x))]!;
    for (let x = 0; x < w; x++) {
      tmp[row + x] = sum;
      sum += data[row + Math.min(w - 1, x + r + 1)]! - data[row + Math.max(0, x - r)]!;
    }
  }
  const div = span * span;
  for (let x = 0; x < w; x++) {
    let sum = 0;
    for (let y = -r; y <= r; y++) sum += tmp[Math.min(h - 1, Math.max(0, y)) * w + x]!;
    for (let y = 0; y < h; y++) {
      out[y * w + x] = sum / div;
      sum += tmp[Math.min(h - 1, y + r + 1) * w + x]! - tmp[Math.max(0, y - r) * w + x]!;
    }
  }
  return { data: out, width: w, height: h };
}

/**
 * The picture less its local mean (a box of radius r), around mid-grey:
 * a reflection's bright patch over part of a code (glare) flattens out, the
 * modules' own contrast stays.
 */
export function flatten(img: GreyImage, radius: number, gain: number): GreyImage {
  const blurred = boxBlur(img, radius).data;
  const d = img.data;
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = 128 + gain * (d[i]! - blurred[i]!);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return { data: out, width: img.width, height: img.height };
}

/** Unsharp mask: original + amount × (original − blurred). */
export function sharpen(img: GreyImage, radius = 1, amount = 1.5): GreyImage {
  const blurred = boxBlur(img, radius).data;
  const d = img.data;
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]! + amount * (d[i]! - blurred[i]!);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return { data: out, width: img.width, height: img.height };
}

/** Averages each f×f block: removes moiré and sensor noise, and makes big frames cheap. */
export function downscale(img: GreyImage, f: number): GreyImage {
  const w = Math.floor(img.width / f);
  const h = Math.floor(img.height / f);
  const out = new Uint8Array(w * h);
  const d = img.data;
  const div = f * f;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        const row = (y * f + dy) * img.width + x * f;
        for (let dx = 0; dx < f; dx++) sum += d[row + dx]!;
      }
      out[y * w + x] = sum / div;
    }
  }
  return { data: out, width: w, height: h };
}

/** Bilinear upscale by f, so tiny modules span enough pixels for the detectors. */
export function upscale(img: GreyImage, f: number): GreyImage {
  const w = Math.round(img.width * f);
  const h = Math.round(img.height * f);
  const sw = img.width;
  const sh = img.height;
  const d = img.data;
  // Source columns and weights are the same on every row: computed once.
  const x0s = new Int32Array(w);
  const x1s = new Int32Array(w);
  const fxs = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const sx = Math.min(sw - 1, Math.max(0, (x + 0.5) / f - 0.5));
    x0s[x] = Math.floor(sx);
    x1s[x] = Math.min(sw - 1, x0s[x]! + 1);
    fxs[x] = sx - x0s[x]!;
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(sh - 1, Math.max(0, (y + 0.5) / f - 0.5));
    const r0 = Math.floor(sy) * sw;
    const r1 = Math.min(sh - 1, Math.floor(sy) + 1) * sw;
    const fy = sy - Math.floor(sy);
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const a = x0s[x]!;
      const b = x1s[x]!;
      const fx = fxs[x]!;
      const top = d[r0 + a]! + (d[r0 + b]! - d[r0 + a]!) * fx;
      const bottom = d[r1 + a]! + (d[r1 + b]! - d[r1 + a]!) * fx;
      out[o + x] = top + (bottom - top) * fy + 0.5;
    }
  }
  return { data: out, width: w, height: h };
}
