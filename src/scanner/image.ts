/**
 * decodeQrImage(): the first QR code in a picture as a Scan (`source` default
 * `image`, AIM id `]Q1`), for code that handles camera reads like scanner
 * reads. The decoding is yibao-pos/camera's decodeImage (PNG, JPEG, RGBA,
 * grey or YUV frames; all codes in reading order): use that directly for
 * several codes or a stream of frames.
 *
 * @module
 */
import { decodeImage } from '../camera/decode.js';
import type { ImageInput, PixelImage } from '../camera/input.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { ScannerError } from './errors.js';
import { makeScan, type Scan } from './scan.js';

/** Kept for callers of the first version; any PixelImage is accepted. */
export type RgbaImage = PixelImage;

export interface DecodeImageOptions {
  source?: string;
  clock?: Clock;
}

export async function decodeQrImage(input: ImageInput, options: DecodeImageOptions = {}): Promise<Scan> {
  const codes = await decodeImage(input);
  const first = codes.find((c) => c.symbology === 'qr');
  if (!first) {
    const details = input instanceof Uint8Array ? { bytes: input.length } : { width: input.width, height: input.height };
    throw new ScannerError('SCAN_IMAGE_NO_CODE', { details });
  }
  return makeScan({ bytes: first.bytes, aimId: ']Q1' }, options.source ?? 'image', (options.clock ?? systemClock)());
}
