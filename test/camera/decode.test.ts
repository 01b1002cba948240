import { describe, expect, it } from 'vitest';
import { configureCameraWasm, decodeImage } from '../../src/camera/index.js';
import { drawCodes, jpegOf, pngOf, rgbaOf, VOUCHER } from './helpers.js';

const W = 320;
const H = 240;
const one = () => drawCodes(W, H, [{ text: VOUCHER, x: 40, y: 20, scale: 3 }]);

describe('decodeImage inputs', () => {
  it('reads a voucher from PNG, JPEG (q40), RGBA, grey and a YUV 4:2:0 frame alike', async () => {
    const grey = one();
    const yuv = new Uint8Array(W * H * 1.5).fill(128);
    yuv.set(grey);
    const inputs = [pngOf(grey, W, H), jpegOf(grey, W, H, 40), { data: rgbaOf(grey), width: W, height: H }, { data: grey, width: W, height: H, format: 'gray' as const }, { data: yuv, width: W, height: H, format: 'yuv' as const }];
    for (const input of inputs) {
      const codes = await decodeImage(input);
      expect(codes.map((c) => [c.text, c.kind, c.symbology])).toEqual([[VOUCHER, 'voucher', 'qr']]);
      expect(new TextDecoder().decode(codes[0]!.bytes)).toBe(VOUCHER);
      // Corners are in the input's pixels: the code was drawn from (40,20), 3 px a module.
      expect(codes[0]!.position!.topLeft.x).toBeGreaterThan(35);
      expect(codes[0]!.position!.topLeft.x).toBeLessThan(46);
    }
  });

  it('returns several codes in reading order (rows top to bottom, left to right), item codes as kind item', async () => {
    const grey = drawCodes(480, 360, [
      { text: 'B-right', x: 300, y: 30, scale: 4 },
      { text: 'C-below', x: 40, y: 220, scale: 4 },
      { text: 'A-left', x: 40, y: 40, scale: 4 },
    ]);
    const codes = await decodeImage({ data: grey, width: 480, height: 360, format: 'gray' }, { thorough: true });
    expect(codes.map((c) => c.text)).toEqual(['A-left', 'B-right', 'C-below']);
    expect(codes.every((c) => c.kind === 'item')).toBe(true);
  });

  it('gives [] for a picture without a code', async () => {
    expect(await decodeImage({ data: new Uint8Array(W * H).fill(200), width: W, height: H, format: 'gray' })).toEqual([]);
  });

  it('refuses what it cannot read with SCAN_IMAGE_FORMAT', async () => {
    const bad = [
      new TextEncoder().encode('GIF89a not a png'),
      Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 1),
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2),
      { data: new Uint8Array(10), width: 8, height: 8 },
      { data: new Uint8Array(10), width: 8, height: 8, format: 'gray' as const },
      { data: new Uint8Array(64), width: 0, height: 8, format: 'gray' as const },
      { data: new Uint8Array(64), width: 8, height: 8, format: 'bgr' as never },
    ];
    for (const input of bad) await expect(decodeImage(input)).rejects.toMatchObject({ code: 'SCAN_IMAGE_FORMAT', messages: { zh: expect.any(String) } });
  });

  it('loads the WebAssembly from bytes the caller hands over (no network)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { createRequire } = await import('node:module');
    const binary = await readFile(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    configureCameraWasm({ binary: new Uint8Array(binary) });
    try {
      expect((await decodeImage(pngOf(one(), W, H))).map((c) => c.text)).toEqual([VOUCHER]);
    } finally {
      configureCameraWasm({});
    }
  });
});
