/**
 * The kiosk photo set's hard frames (scripts/kiosk-set.mjs, seed 1): a
 * reflection over the code (27) and a hand's 5 px shake over 3 px modules
 * (22, 38). Bare zxing-cpp reads none of them; the cascade's flatten and
 * unshake passes read each, with the right text. The whole set and its
 * timings are in bench/50-camera.bench.mjs.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { decodeImage } from '../../src/camera/index.js';
import { makeKioskFrame } from '../../scripts/kiosk-set.mjs';
import { score } from '../../scripts/camera-set.mjs';

describe('kiosk photos', () => {
  it('reads the glare and shake frames that bare zxing-cpp misses, each with its own text', async () => {
    const wasm = await readFile(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
    for (const index of [22, 27, 38]) {
      const f = makeKioskFrame(index, 1);
      const j = jpeg.decode(f.file, { useTArray: true, formatAsRGBA: true });
      const pixels = { data: new Uint8ClampedArray(j.data.buffer, j.data.byteOffset, j.data.length), width: j.width, height: j.height };
      const peer = (await readBarcodes(pixels as ImageData, { formats: ['QRCode'] })).filter((r) => r.isValid).map((r) => r.text);
      expect(score(f, peer), `${f.name}: zxing-cpp`).toBe('missed');
      const passes: string[] = [];
      const ours = await decodeImage(pixels, { budgetMs: Infinity, onPass: (name, _ms, n) => n > 0 && passes.push(name) });
      expect(score(f, ours.map((c) => c.text)), f.name).toBe('correct');
      expect(passes.some((p) => p === 'region-flatten' || p === 'region-unshake'), `${f.name} read by ${passes.join(',')}`).toBe(true);
    }
  }, 120_000);
});
