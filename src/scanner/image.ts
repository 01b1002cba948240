/**
 * decodeQrImage(): a QR code from an image, for kiosks with a camera. Takes
 * PNG bytes or a raw RGBA frame (a canvas ImageData, a camera frame) and
 * returns a Scan (`source` default `image`, AIM id `]Q1`). @zxing/library and
 * pngjs are loaded on first use. JPEG is not decoded here: convert frames to
 * RGBA first (a canvas does), which keeps a JPEG decoder out of the package.
 *
 * @module
 */
import { systemClock, type Clock } from '../lib/clock.js';
import { ScannerError } from './errors.js';
import { makeScan, type Scan } from './scan.js';

/**
 * Raw RGBA pixels with width and height (a camera frame, a canvas's ImageData).
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * Options of `decodeQrImage`: source label, clock.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface DecodeImageOptions {
  source?: string;
  clock?: Clock;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

async function rgbaFromPng(bytes: Uint8Array): Promise<RgbaImage> {
  const { PNG } = (await import('pngjs')) as typeof import('pngjs');
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { data: png.data, width: png.width, height: png.height };
  } catch (cause) {
    throw new ScannerError('SCAN_IMAGE_FORMAT', { cause, details: { format: 'png' } });
  }
}

/** ITU-R BT.601 luma of each RGBA pixel, composited on white (transparent → white). */
function luminance(img: RgbaImage): Uint8ClampedArray {
  const n = img.width * img.height;
  const out = new Uint8ClampedArray(n);
  const d = img.data;
  for (let i = 0; i < n; i++) {
    const a = d[i * 4 + 3]! / 255;
    const y = (d[i * 4]! * 299 + d[i * 4 + 1]! * 587 + d[i * 4 + 2]! * 114) / 1000;
    out[i] = y * a + 255 * (1 - a);
  }
  return out;
}

/**
 * Decodes the QR code in an image (PNG bytes or RGBA pixels) into a `Scan`, for cameras and kiosks.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @param input PNG bytes, or RGBA pixels with width and height.
 * @param options Source label and clock of the resulting scan.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { decodeQrImage } from 'yibao-pos/scanner';
 * const scan = await decodeQrImage(readFileSync('frame.png'), { source: 'camera:front' });
 * ```
 */
export async function decodeQrImage(input: Uint8Array | RgbaImage, options: DecodeImageOptions = {}): Promise<Scan> {
  let img: RgbaImage;
  if (input instanceof Uint8Array) {
    if (!PNG_SIGNATURE.every((b, i) => input[i] === b)) throw new ScannerError('SCAN_IMAGE_FORMAT', { details: { expected: 'png or RGBA' } });
    img = await rgbaFromPng(input);
  } else {
    if (input.data.length < input.width * input.height * 4) throw new ScannerError('SCAN_IMAGE_FORMAT', { details: { expected: 'width*height*4 RGBA bytes' } });
    img = input;
  }
  const zx = await import('@zxing/library');
  const bitmap = new zx.BinaryBitmap(new zx.HybridBinarizer(new zx.RGBLuminanceSource(luminance(img), img.width, img.height)));
  const hints = new Map([[zx.DecodeHintType.TRY_HARDER, true]]);
  let text: string;
  try {
    text = new zx.QRCodeReader().decode(bitmap, hints).getText();
  } catch (cause) {
    throw new ScannerError('SCAN_IMAGE_NO_CODE', { cause, details: { width: img.width, height: img.height } });
  }
  return makeScan({ bytes: new TextEncoder().encode(text), aimId: ']Q1' }, options.source ?? 'image', (options.clock ?? systemClock)());
}
