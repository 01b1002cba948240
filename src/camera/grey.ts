/**
 * The one picture every decoder pass works on: 8-bit luma, row-major, no
 * padding. Inputs (PNG, JPEG, RGBA, grey, the Y plane of YUV) are turned
 * into this once.
 *
 * @module
 */

export interface GreyImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** ITU-R BT.601 luma of each RGBA pixel, composited on white (a transparent pixel reads as paper). */
export function greyFromRgba(data: ArrayLike<number>, width: number, height: number): GreyImage {
  const out = new Uint8Array(width * height);
  greyInto(data, out);
  return { data: out, width, height };
}

/** Whether this machine stores a 32-bit word's low byte first (then an RGBA pixel's word is 0xAABBGGRR). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The same luma, written into `out` (one byte per pixel; the decoder's memory for the first read). */
export function greyInto(data: ArrayLike<number>, out: Uint8Array): void {
  // A pixel read as one 32-bit word is about a quarter faster than four byte reads: this loop is
  // most of what the first read adds to zxing-cpp's own time (the time rule), so it takes words
  // whenever the pixels allow (a typed array starting on a 4-byte boundary).
  if (LITTLE_ENDIAN && (data instanceof Uint8ClampedArray || data instanceof Uint8Array) && data.byteOffset % 4 === 0) {
    greyWords(new Uint32Array(data.buffer, data.byteOffset, out.length), out);
    return;
  }
  const n = out.length;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const a = data[j + 3]!;
    // Integer weights 77/150/29 (sum 256) keep this loop cheap on a video frame.
    const y = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
    out[i] = a === 255 ? y : (y * a + 255 * (255 - a)) / 255;
  }
}

function greyWords(words: Uint32Array, out: Uint8Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const p = words[i]!;
    const y = ((p & 255) * 77 + ((p >>> 8) & 255) * 150 + ((p >>> 16) & 255) * 29) >> 8;
    const a = p >>> 24;
    out[i] = a === 255 ? y : (y * a + 255 * (255 - a)) / 255;
  }
}

/**
 * The rectangle (x, y, w, h) of a frame in grey, enlarged 2x by linear
 * interpolation in integers (each new pixel the mean of its neighbours): the
 * smoothness of bilinear at about the cost of a copy, cheap enough for the
 * first read. From the caller's RGBA when given (only the rectangle is
 * converted).
 */
export function zoom2(src: { rgba?: Uint8ClampedArray; grey: () => GreyImage; width: number }, x: number, y: number, w: number, h: number): GreyImage {
  const ow = w * 2;
  const out = new Uint8Array(ow * h * 2);
  const d = src.rgba;
  const g = d ? undefined : src.grey().data;
  let prev = new Uint8Array(ow);
  let cur = new Uint8Array(ow);
  const line = new Uint8Array(w);
  for (let yy = 0; yy < h; yy++) {
    const base = (y + yy) * src.width + x;
    if (d) {
      for (let xx = 0, j = base * 4; xx < w; xx++, j += 4) line[xx] = (d[j]! * 77 + d[j + 1]! * 150 + d[j + 2]! * 29) >> 8;
    } else line.set(g!.subarray(base, base + w));
    for (let xx = 0; xx < w - 1; xx++) {
      cur[xx * 2] = line[xx]!;
      cur[xx * 2 + 1] = (line[xx]! + line[xx + 1]!) >> 1;
    }
    cur[ow - 2] = cur[ow - 1] = line[w - 1]!;
    const o = yy * 2 * ow;
    if (yy > 0) for (let k = 0; k < ow; k++) out[o - ow + k] = (prev[k]! + cur[k]!) >> 1;
    out.set(cur, o);
    [prev, cur] = [cur, prev];
  }
  out.set(prev, (h * 2 - 1) * ow);
  return { data: out, width: ow, height: h * 2 };
}
/**
 * The rectangle (x, y, w, h) of a frame in grey, each pixel repeated f×f
 * times (nearest neighbour: no arithmetic, cheap enough for the first read).
 * From the caller's RGBA when given (only the rectangle is converted).
 */
export function zoomGrey(src: { rgba?: Uint8ClampedArray; grey: () => GreyImage; width: number }, x: number, y: number, w: number, h: number, f: number): GreyImage {
  const ow = w * f;
  const out = new Uint8Array(ow * h * f);
  const row = new Uint8Array(ow);
  const d = src.rgba;
  const g = d ? undefined : src.grey().data;
  for (let yy = 0; yy < h; yy++) {
    const base = (y + yy) * src.width + x;
    for (let xx = 0; xx < w; xx++) {
      let v: number;
      if (d) {
        const j = (base + xx) * 4;
        v = (d[j]! * 77 + d[j + 1]! * 150 + d[j + 2]! * 29) >> 8;
      } else v = g![base + xx]!;
      for (let k = 0; k < f; k++) row[xx * f + k] = v;
    }
    for (let k = 0; k < f; k++) out.set(row, (yy * f + k) * ow);
  }
  return { data: out, width: ow, height: h * f };
}
