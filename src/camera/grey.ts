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
  const n = width * height;
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const a = data[j + 3]!;
    // Integer weights 77/150/29 (sum 256) keep this loop cheap on a video frame.
    const y = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
    out[i] = a === 255 ? y : (y * a + 255 * (255 - a)) / 255;
  }
  return { data: out, width, height };
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
