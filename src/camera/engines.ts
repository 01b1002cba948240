/**
 * zxing-cpp (WebAssembly) behind the cascade's shape: pixels in, codes with
 * corners out. Only results whose error correction succeeded come back.
 * (@zxing/library and jsQR were measured as passes too and added no read
 * that zxing-cpp's passes missed; see bench/50-camera.bench.mjs.)
 *
 * @module
 */
import type { ReaderOptions, ZXingReadResult } from 'zxing-wasm/reader';
import type { Symbology } from '../scanner/symbology.js';
import type { RgbaImage } from './frame.js';
import type { GreyImage } from './grey.js';
import { zxingCppReadGrey, zxingCppReadRgba } from './wasm.js';

/**
 * A point in image pixels.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Corners in image pixels, in the symbol's own orientation.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface Corners {
  readonly topLeft: Point;
  readonly topRight: Point;
  readonly bottomRight: Point;
  readonly bottomLeft: Point;
}

export interface RawCode {
  readonly text: string;
  readonly bytes: Uint8Array;
  readonly symbology: Symbology;
  readonly corners?: Corners;
}

/** Grey, or RGBA as it came (zxing-cpp takes RGBA; converting grey costs a pass over the pixels). */
export type Pixels = GreyImage | RgbaImage;

export type Engine = (img: Pixels) => Promise<RawCode[]>;

const CPP_FORMATS: Record<string, Symbology> = {
  QRCode: 'qr',
  MicroQRCode: 'qr',
  RMQRCode: 'qr',
  DataMatrix: 'datamatrix',
  EAN13: 'ean13',
  EAN8: 'ean8',
  UPCA: 'upca',
  UPCE: 'upce',
  Code128: 'code128',
  Code39: 'code39',
  ITF: 'itf',
  PDF417: 'pdf417',
  Aztec: 'aztec',
};

function cppSymbology(r: ZXingReadResult): Symbology {
  const s = CPP_FORMATS[r.format.replace(/[^A-Za-z0-9]/g, '')];
  if (s === 'datamatrix' && r.symbologyIdentifier.startsWith(']d2')) return 'gs1-datamatrix';
  if (s === 'code128' && r.symbologyIdentifier === ']C1') return 'gs1-128';
  return s ?? 'unknown';
}

/** zxing-cpp (WebAssembly). `options` go straight to its reader. */
export function zxingCpp(options: ReaderOptions): Engine {
  return async (img) => {
    const results = 'rgba' in img ? await zxingCppReadRgba(img.rgba, img.width, img.height, options) : await zxingCppReadGrey(img.data, img.width, img.height, options);
    return results
      .filter((r) => r.isValid && r.error === '')
      .map((r) => ({ text: r.text, bytes: r.bytes, symbology: cppSymbology(r), corners: r.position as Corners }));
  };
}
