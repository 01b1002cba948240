import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import QRCode from 'qrcode';

/** A grey canvas with QR codes drawn at (x, y) with `scale` pixels a module. */
export function drawCodes(width: number, height: number, codes: { text: string; x: number; y: number; scale: number }[]): Uint8Array {
  const grey = new Uint8Array(width * height).fill(235);
  for (const c of codes) {
    const q = QRCode.create(c.text, { errorCorrectionLevel: 'M' });
    const n = q.modules.size;
    for (let r = 0; r < n; r++)
      for (let col = 0; col < n; col++)
        if (q.modules.data[r * n + col])
          for (let dy = 0; dy < c.scale; dy++) grey.fill(20, (c.y + r * c.scale + dy) * width + c.x + col * c.scale, (c.y + r * c.scale + dy) * width + c.x + (col + 1) * c.scale);
  }
  return grey;
}

export function rgbaOf(grey: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(grey.length * 4);
  for (let i = 0; i < grey.length; i++) {
    out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = grey[i]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

export const pngOf = (grey: Uint8Array, width: number, height: number) => encodePng({ width, height, data: grey, channels: 1, depth: 8 });

export const jpegOf = (grey: Uint8Array, width: number, height: number, quality: number) => new Uint8Array(jpeg.encode({ data: rgbaOf(grey), width, height }, quality).data);

export const VOUCHER = `YBV1:${'eyJhbGciOiJFUzI1NiIsInR5cCI6InlidittjwtIn0'.repeat(2)}.${'x'.repeat(120)}.${'S'.repeat(86)}`;
