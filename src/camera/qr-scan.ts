/**
 * decodeQrImage(): the first QR code in a picture as a Scan (`source` default
 * `image`, AIM id `]Q1`), for code that handles camera reads like scanner
 * reads. The decoding is decodeImage beside it (PNG, JPEG, RGBA, grey or YUV
 * frames; all codes in reading order): use that directly for several codes or
 * a stream of frames. The Scan's text is decodeImage's text, as the decoder
 * read it (ECI, Shift-JIS, ISO-8859-1), not the bytes re-read as UTF-8.
 *
 * @module
 */
import { systemClock, type Clock } from '../lib/clock.js';
import { ScannerError } from '../scanner/errors.js';
import { makeScan, type Scan } from '../scanner/scan.js';
import { decodeImage } from './decode.js';
import type { ImageInput, PixelImage } from './input.js';

/**
 * Pixels with width and height (a camera frame, a canvas's ImageData); kept
 * for callers of the first version: any PixelImage is accepted.
 *
 * Exported from `yibao-pos`.
 */
export type RgbaImage = PixelImage;

/**
 * Options of `decodeQrImage`: source label, clock.
 *
 * Exported from `yibao-pos`.
 */
export interface DecodeImageOptions {
  source?: string;
  clock?: Clock;
}

/**
 * Decodes the first QR code in an image (PNG or JPEG bytes, RGBA, grey or YUV
 * pixels) into a `Scan`, for cameras and kiosks; `yibao-pos/camera` gives
 * every code and reads streams of frames.
 *
 * Exported from `yibao-pos`.
 *
 * @param input PNG or JPEG bytes, or pixels with width and height.
 * @param options Source label and clock of the resulting scan.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { decodeQrImage } from 'yibao-pos';
 * const scan = await decodeQrImage(readFileSync('frame.jpg'), { source: 'camera:front' });
 * ```
 */
export async function decodeQrImage(input: ImageInput, options: DecodeImageOptions = {}): Promise<Scan> {
  const codes = await decodeImage(input);
  const first = codes.find((c) => c.symbology === 'qr');
  if (!first) {
    const details = input instanceof Uint8Array ? { bytes: input.length } : { width: input.width, height: input.height };
    throw new ScannerError('SCAN_IMAGE_NO_CODE', { details });
  }
  return makeScan({ bytes: first.bytes, text: first.text, aimId: ']Q1' }, options.source ?? 'image', (options.clock ?? systemClock)());
}
