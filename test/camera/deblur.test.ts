/** The shake fix: its direction found from the picture, and the smear undone closer to the sharp picture. */
import { describe, expect, it } from 'vitest';
import { shakeDirection, unshake } from '../../src/camera/deblur.js';
import { flatten } from '../../src/camera/filters.js';
import type { GreyImage } from '../../src/camera/grey.js';

/** 3 px black and white modules at random, like a QR's data area. */
function modules(w: number, h: number, seed: number): GreyImage {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const cells = Array.from({ length: Math.ceil(w / 3) * Math.ceil(h / 3) }, () => (rnd() < 0.5 ? 20 : 235));
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = cells[Math.floor(y / 3) * Math.ceil(w / 3) + Math.floor(x / 3)]!;
  return { data, width: w, height: h };
}

/** A straight smear of n px along angle, as a moving hand makes it. */
function smear(img: GreyImage, angle: number, n: number): GreyImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        const t = k - (n - 1) / 2;
        const sx = Math.min(w - 1, Math.max(0, Math.round(x + t * Math.cos(angle))));
        const sy = Math.min(h - 1, Math.max(0, Math.round(y + t * Math.sin(angle))));
        s += data[sy * w + sx]!;
      }
      out[y * w + x] = s / n;
    }
  return { data: out, width: w, height: h };
}

const rms = (a: GreyImage, b: GreyImage) => Math.sqrt(a.data.reduce((n, v, i) => n + (v - b.data[i]!) ** 2, 0) / a.data.length);
/** Difference of two directions, lines not arrows (0..90°). */
const apart = (a: number, b: number) => {
  const d = Math.abs(((a - b) * 180) / Math.PI) % 180;
  return Math.min(d, 180 - d);
};

describe('unshaking a photo', () => {
  it('finds the smear direction of a shaken picture, and sees none in a sharp one', () => {
    const sharp = modules(150, 120, 7);
    expect(shakeDirection(sharp).anisotropy).toBeLessThan(1.5);
    for (const deg of [10, 45, 100, 142, 171]) {
      const found = shakeDirection(smear(sharp, (deg * Math.PI) / 180, 5));
      expect(found.anisotropy, `${deg}°`).toBeGreaterThan(1.5);
      expect(apart(found.angle, (deg * Math.PI) / 180), `${deg}°`).toBeLessThan(12);
    }
  });

  it('brings a smeared picture closer to the sharp one along the right line, not along a wrong one', () => {
    const sharp = modules(150, 120, 3);
    const angle = (142 * Math.PI) / 180;
    const shaken = smear(sharp, angle, 5);
    const right = unshake(shaken, angle, 5, 10);
    const wrong = unshake(shaken, angle + Math.PI / 2, 5, 10);
    expect(rms(right, sharp)).toBeLessThan(rms(shaken, sharp) * 0.8);
    expect(rms(right, sharp)).toBeLessThan(rms(wrong, sharp));
  });

  it('flatten takes a bright patch off and keeps the modules apart', () => {
    const img = modules(120, 120, 5);
    const lit = { ...img, data: img.data.map((v, i) => Math.min(255, v + 150 * Math.exp(-(((i % 120) - 60) ** 2 + (Math.floor(i / 120) - 60) ** 2) / 800))) };
    const flat = flatten(lit, 8, 2);
    // Under the patch and away from it, a dark module stays below mid-grey and a light one above.
    for (const [x, y] of [[60, 60], [10, 10], [100, 20]] as const) {
      const cell = (xx: number, yy: number) => img.data[yy * 120 + xx]!;
      const v = flat.data[y * 120 + x]!;
      if (cell(x, y) < 128 && cell(x - 3, y) > 128) expect(v).toBeLessThan(128);
    }
    const dark = [...flat.data].filter((_, i) => img.data[i]! < 128);
    const light = [...flat.data].filter((_, i) => img.data[i]! > 128);
    const mean = (a: number[]) => a.reduce((n, v) => n + v, 0) / a.length;
    expect(mean(light) - mean(dark)).toBeGreaterThan(100);
  });
});
