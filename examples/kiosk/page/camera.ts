/**
 * The kiosk's camera: the live picture on screen, and its frames handed to
 * yibao-pos/camera's frame reader while the page is waiting for a code. The
 * decoder's WebAssembly comes from the local service, never from elsewhere.
 *
 * @module
 */
import { configureCameraWasm, createFrameReader } from 'yibao-pos/camera';

export interface Camera {
  /** Read codes only while true (idle and payer screens). */
  setReading(on: boolean): void;
}

/** Frames are scaled down to this width before decoding: plenty for a phone held at the frame. */
const DECODE_WIDTH = 640;
/** How often a frame is offered to the reader (it skips frames while busy anyway). */
const FRAME_MS = 100;

/** `onCode` gets each code read and when the frame holding it was taken (performance.now()). */
export async function startCamera(video: HTMLVideoElement, onCode: (text: string, frameAt: number) => void): Promise<Camera> {
  configureCameraWasm({ url: new URL('/zxing_reader.wasm', location.href) });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  // When each frame was taken (by its number in the reader), so a code is timed from its picture.
  const grabbedAt = new Map<number, number>();
  let pushed = 0;
  const reader = createFrameReader({
    continuous: true,
    onFrame: (r) => {
      const at = grabbedAt.get(r.frame) ?? performance.now();
      grabbedAt.delete(r.frame);
      for (const c of r.codes) onCode(c.text, at);
    },
  });
  let reading = false;
  setInterval(() => {
    if (!reading || video.readyState < 2 || video.videoWidth === 0) return;
    const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const at = performance.now();
    if (reader.push({ data: img.data, width: img.width, height: img.height })) grabbedAt.set(pushed + 1, at);
    pushed++;
  }, FRAME_MS);
  return {
    setReading(on) {
      reading = on;
    },
  };
}
