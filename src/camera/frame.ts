/**
 * One picture as the decoder passes see it. Derived pictures (grey, a
 * half-size thumbnail, the code region) are computed on first use only, so
 * an easy frame pays for none it does not need: an RGBA frame goes to
 * zxing-cpp as it came.
 *
 * @module
 */
import { greyFromRgba, type GreyImage } from './grey.js';
import { findCodeRegion, type Rect } from './roi.js';

export interface RgbaImage {
  readonly rgba: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

export interface Frame {
  readonly width: number;
  readonly height: number;
  /** The caller's RGBA pixels, when that is what came. */
  readonly rgba?: Uint8ClampedArray;
  grey(): GreyImage;
  /** Where the code probably is, in full-size pixels. */
  region(): Rect | undefined;
}

/**
 * Every other pixel of every other row, green channel only for RGBA (green
 * carries most of luma): enough to find the code region, a small part of the work.
 */
function halfGrey(f: Frame): GreyImage {
  const w = f.width >> 1;
  const h = f.height >> 1;
  const out = new Uint8Array(w * h);
  if (f.rgba) {
    const d = f.rgba;
    for (let y = 0; y < h; y++) {
      let j = y * 2 * f.width * 4;
      for (let x = 0; x < w; x++, j += 8) out[y * w + x] = d[j + 1]!;
    }
  } else {
    const d = f.grey().data;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = d[y * 2 * f.width + x * 2]!;
  }
  return { data: out, width: w, height: h };
}

function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value;
  };
}

export function frameFromRgba(rgba: Uint8ClampedArray, width: number, height: number): Frame {
  const f: Frame = {
    width,
    height,
    rgba,
    grey: lazy(() => greyFromRgba(rgba, width, height)),
    region: lazy(() => regionOf(f)),
  };
  return f;
}

export function frameFromGrey(grey: GreyImage): Frame {
  const f: Frame = { width: grey.width, height: grey.height, grey: () => grey, region: lazy(() => regionOf(f)) };
  return f;
}

function regionOf(f: Frame): Rect | undefined {
  const r = findCodeRegion(halfGrey(f));
  if (!r) return undefined;
  const x = r.x * 2;
  const y = r.y * 2;
  return { x, y, width: Math.min(f.width - x, r.width * 2), height: Math.min(f.height - y, r.height * 2) };
}
