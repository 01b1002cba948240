/**
 * The three open decoders behind one shape: grey picture in, codes with
 * corners out. Each is loaded on first use. Only results whose error
 * correction succeeded come back (zxing-cpp and zxing-js throw or flag
 * otherwise; jsQR returns null).
 *
 * @module
 */
import type { ReaderOptions, ReadResult } from 'zxing-wasm/reader';
import type { Symbology } from '../scanner/symbology.js';
import { rgbaFromGrey, type GreyImage } from './grey.js';
import { zxingCppRead } from './wasm.js';

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

export type Engine = (img: GreyImage) => Promise<RawCode[]>;

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

function cppSymbology(r: ReadResult): Symbology {
  const s = CPP_FORMATS[r.format.replace(/[^A-Za-z0-9]/g, '')];
  if (s === 'datamatrix' && r.symbologyIdentifier.startsWith(']d2')) return 'gs1-datamatrix';
  if (s === 'code128' && r.symbologyIdentifier === ']C1') return 'gs1-128';
  return s ?? 'unknown';
}

/** zxing-cpp (WebAssembly). `options` go straight to its reader. */
export function zxingCpp(options: ReaderOptions): Engine {
  return async (img) => {
    const results = await zxingCppRead(rgbaFromGrey(img), img.width, img.height, options);
    return results
      .filter((r) => r.isValid && r.error === '')
      .map((r) => ({ text: r.text, bytes: r.bytes, symbology: cppSymbology(r), corners: r.position }));
  };
}

/** @zxing/library's QR reader: HybridBinarizer, TRY_HARDER. */
export function zxingJs(): Engine {
  return async (img) => {
    const zx = await import('@zxing/library');
    const lum = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length);
    const bitmap = new zx.BinaryBitmap(new zx.HybridBinarizer(new zx.RGBLuminanceSource(lum, img.width, img.height)));
    try {
      const r = new zx.QRCodeReader().decode(bitmap, new Map([[zx.DecodeHintType.TRY_HARDER, true]]));
      const p = r.getResultPoints();
      // Points are bottom-left, top-left, top-right finder centres (+ alignment): corners are approximate.
      const corners =
        p.length >= 3
          ? {
              bottomLeft: { x: p[0]!.getX(), y: p[0]!.getY() },
              topLeft: { x: p[1]!.getX(), y: p[1]!.getY() },
              topRight: { x: p[2]!.getX(), y: p[2]!.getY() },
              bottomRight: { x: p[2]!.getX() + p[0]!.getX() - p[1]!.getX(), y: p[2]!.getY() + p[0]!.getY() - p[1]!.getY() },
            }
          : undefined;
      return [{ text: r.getText(), bytes: new TextEncoder().encode(r.getText()), symbology: 'qr', ...(corners ? { corners } : {}) }];
    } catch {
      return [];
    }
  };
}

/** jsQR, trying normal and inverted. */
export function jsQr(): Engine {
  return async (img) => {
    const { default: jsQR } = await import('jsqr');
    const r = jsQR(rgbaFromGrey(img), img.width, img.height, { inversionAttempts: 'attemptBoth' });
    if (!r) return [];
    const l = r.location;
    return [
      {
        text: r.data,
        bytes: Uint8Array.from(r.binaryData),
        symbology: 'qr',
        corners: { topLeft: l.topLeftCorner, topRight: l.topRightCorner, bottomRight: l.bottomRightCorner, bottomLeft: l.bottomLeftCorner },
      },
    ];
  };
}
