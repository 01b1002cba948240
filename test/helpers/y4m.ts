/**
 * Test helper: a video file for Chromium's fake camera
 * (`--use-file-for-fake-video-capture=FILE.y4m`): the YUV4MPEG2 header, then
 * 4:2:0 frames. Frames are grey pictures (the Y plane); chroma is neutral.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';

const WHITE = 235;
const BLACK = 16;

export function blankFrame(width: number, height: number): Uint8Array {
  return new Uint8Array(width * height).fill(WHITE);
}

/** A QR code (error correction M, quiet zone 4 modules) centred on a white frame. */
export function qrFrame(text: string, width: number, height: number): Uint8Array {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const scale = Math.floor((Math.min(width, height) * 0.9) / (n + 8));
  if (scale < 2) throw new Error(`qrFrame: ${width}x${height} is too small for a ${n}-module code`);
  const frame = blankFrame(width, height);
  const x0 = Math.floor((width - n * scale) / 2);
  const y0 = Math.floor((height - n * scale) / 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!modules.get(r, c)) continue;
      for (let dy = 0; dy < scale; dy++) frame.fill(BLACK, (y0 + r * scale + dy) * width + x0 + c * scale, (y0 + r * scale + dy) * width + x0 + (c + 1) * scale);
    }
  }
  return frame;
}

/** Writes the frames (Y planes of width×height) as a Y4M video at `fps` frames a second. */
export async function writeY4m(file: string, frames: readonly Uint8Array[], width: number, height: number, fps: number): Promise<void> {
  if (width % 2 || height % 2) throw new Error('writeY4m: 4:2:0 needs even dimensions');
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
  const parts: Uint8Array[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const y of frames) {
    if (y.length !== width * height) throw new Error('writeY4m: frame size differs');
    parts.push(Buffer.from('FRAME\n'), y, chroma);
  }
  await writeFile(file, Buffer.concat(parts));
}
