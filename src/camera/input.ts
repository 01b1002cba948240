/**
 * What callers hand the decoder: PNG/JPEG bytes, or raw pixels (canvas
 * ImageData, a camera's RGBA, grey or the Y plane of a YUV frame).
 *
 * @module
 */
import { ScannerError } from '../scanner/errors.js';
import { greyFromFile } from './decode-file.js';
import { frameFromGrey, frameFromRgba, type Frame } from './frame.js';

/**
 * RGBA pixels with their width and height.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface PixelImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /**
   * `rgba` (default; ImageData), `gray` (one byte per pixel), or `yuv`: a
   * YUV 4:2:0 frame (I420, NV12, NV21) whose first width×height bytes are
   * the Y plane, which is all the decoder reads.
   */
  format?: 'rgba' | 'gray' | 'yuv';
}

/**
 * An image `decodeImage` takes: encoded bytes (PNG, JPEG) or RGBA pixels with their size.
 *
 * Exported from `yibao-pos/camera`.
 */
export type ImageInput = Uint8Array | PixelImage;

function formatError(expected: string): never {
  throw new ScannerError('SCAN_IMAGE_FORMAT', { details: { expected } });
}

export async function frameFromInput(input: ImageInput): Promise<Frame> {
  if (input instanceof Uint8Array) return frameFromGrey(await greyFromFile(input));
  if (typeof input !== 'object' || input === null || !(input.data instanceof Uint8Array || input.data instanceof Uint8ClampedArray)) {
    return formatError('Uint8Array of PNG/JPEG bytes, or { data, width, height, format? }');
  }
  const { width, height, data } = input;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) return formatError('positive integer width and height');
  const format = input.format ?? 'rgba';
  const n = width * height;
  if (format === 'rgba') {
    if (data.length < n * 4) return formatError('width*height*4 RGBA bytes');
    let rgba = data instanceof Uint8ClampedArray ? data : new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
    // Pixels are read as 32-bit words, which need an aligned start.
    if (rgba.byteOffset % 4 !== 0) rgba = rgba.slice();
    return frameFromRgba(rgba.length === n * 4 ? rgba : rgba.subarray(0, n * 4), width, height);
  }
  if (format === 'gray' || format === 'yuv') {
    if (data.length < n) return formatError('width*height bytes of luma');
    const luma = data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
    return frameFromGrey({ data: luma.length === n ? luma : luma.subarray(0, n), width, height });
  }
  return formatError("format 'rgba', 'gray' or 'yuv'");
}
