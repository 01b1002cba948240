/**
 * PNG and JPEG bytes to a grey picture, in pure JavaScript (fast-png, jpeg-js)
 * so the same code runs in a browser. The format is told by the signature,
 * never by a file name.
 *
 * @module
 */
import { ScannerError } from '../scanner/errors.js';
import { greyFromRgba, type GreyImage } from './grey.js';

export type FileFormat = 'png' | 'jpeg';

export function sniffFormat(bytes: Uint8Array): FileFormat | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Camera stills are well under this; it stops a crafted header from asking for gigabytes. */
const MAX_PIXELS = 40_000_000;

type FastPng = typeof import('fast-png');
type JpegJs = typeof import('jpeg-js');

function pngToGrey({ convertIndexedToRgb, decode: decodePng }: FastPng, bytes: Uint8Array): GreyImage {
  const png = decodePng(bytes);
  const { width, height } = png;
  if (width * height > MAX_PIXELS) throw new Error(`image too large: ${width}x${height}`);
  let data = png.data;
  let channels = png.channels;
  if (png.palette) {
    data = convertIndexedToRgb(png);
    channels = png.palette[0]?.length ?? 3;
  }
  const shift = png.depth === 16 ? 8 : 0;
  const n = width * height;
  if (channels === 4) {
    if (shift === 0) return greyFromRgba(data, width, height);
    const rgba = new Uint8Array(n * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = data[i]! >> 8;
    return greyFromRgba(rgba, width, height);
  }
  const out = new Uint8Array(n);
  // Sub-8-bit grey (1, 2, 4 bits) comes unpacked but unscaled.
  const scale = png.depth < 8 && !png.palette ? 255 / ((1 << png.depth) - 1) : 1;
  for (let i = 0; i < n; i++) {
    const o = i * channels;
    if (channels >= 3) {
      out[i] = ((data[o]! >> shift) * 77 + (data[o + 1]! >> shift) * 150 + (data[o + 2]! >> shift) * 29) >> 8;
    } else {
      const g = (data[o]! >> shift) * scale;
      // Grey+alpha: composite on white like RGBA.
      out[i] = channels === 2 ? (g * (data[o + 1]! >> shift) + 255 * (255 - (data[o + 1]! >> shift))) / 255 : g;
    }
  }
  return { data: out, width, height };
}

function jpegToGrey(jpeg: JpegJs, bytes: Uint8Array): GreyImage {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
  return greyFromRgba(img.data, img.width, img.height);
}

/**
 * Decodes PNG or JPEG bytes; anything else, or a broken file, is
 * SCAN_IMAGE_FORMAT. The decoders load on first use (callers with pixels,
 * and the CLI's other commands, never pay for them).
 */
export async function greyFromFile(bytes: Uint8Array): Promise<GreyImage> {
  const format = sniffFormat(bytes);
  if (!format) throw new ScannerError('SCAN_IMAGE_FORMAT', { details: { expected: 'png, jpeg, rgba or gray pixels' } });
  const decoder = format === 'png' ? await import('fast-png') : await import('jpeg-js');
  try {
    return format === 'png' ? pngToGrey(decoder as FastPng, bytes) : jpegToGrey(((decoder as { default?: JpegJs }).default ?? decoder) as JpegJs, bytes);
  } catch (cause) {
    throw new ScannerError('SCAN_IMAGE_FORMAT', { cause, details: { format } });
  }
}
