/**
 * The luma of RGBA pixels is the same whichever way the pixels are read: as
 * 32-bit words (an aligned typed array, the first read's fast path) or byte
 * by byte (any other array, or a view that starts off a 4-byte boundary).
 */
import { describe, expect, it } from 'vitest';
import { greyInto } from '../../src/camera/grey.js';

/** The rule itself, one pixel at a time: BT.601 weights 77/150/29, composited on white. */
const lumaOf = (r: number, g: number, b: number, a: number): number => {
  const y = (r * 77 + g * 150 + b * 29) >> 8;
  return a === 255 ? y : Math.trunc((y * a + 255 * (255 - a)) / 255);
};

describe('greyInto', () => {
  const n = 4097;
  const bytes = new Uint8ClampedArray(n * 4 + 4);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  // Most pixels opaque, as a camera's are; every fourth one not.
  for (let i = 0; i < n; i++) if (i % 4 !== 0) bytes[i * 4 + 3] = 255;
  const want = (from: ArrayLike<number>): number[] => Array.from({ length: n }, (_, i) => lumaOf(from[i * 4]!, from[i * 4 + 1]!, from[i * 4 + 2]!, from[i * 4 + 3]!));

  it('reads an aligned Uint8ClampedArray or Uint8Array as words, with the same result as the rule', () => {
    for (const data of [bytes.subarray(0, n * 4), new Uint8Array(bytes.buffer, 0, n * 4)]) {
      const out = new Uint8Array(n);
      greyInto(data, out);
      expect(Array.from(out)).toEqual(want(data));
    }
  });

  it('gives the same luma for a view off a 4-byte boundary and for a plain array', () => {
    const off = bytes.subarray(1, 1 + n * 4);
    const out = new Uint8Array(n);
    greyInto(off, out);
    expect(Array.from(out)).toEqual(want(off));
    const plain = Array.from(bytes.subarray(0, n * 4));
    const out2 = new Uint8Array(n);
    greyInto(plain, out2);
    expect(Array.from(out2)).toEqual(want(plain));
  });
});
