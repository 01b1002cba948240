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

/** RGBA with R=G=B=luma, for decoders that only take colour pixels. */
export function rgbaFromGrey(img: GreyImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(img.width * img.height * 4);
  const words = new Uint32Array(out.buffer);
  const d = img.data;
  // Little-endian words: 0xAABBGGRR.
  for (let i = 0; i < d.length; i++) words[i] = 0xff000000 | (d[i]! * 0x010101);
  return out;
}
