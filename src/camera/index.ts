/**
 * `yibao-pos/camera`: QR codes (vouchers, item codes) from camera pictures
 * and video frames, in Node and in the browser. Imports nothing from Node or
 * native code; zxing-cpp's WebAssembly is loaded on first decode from the
 * file shipped with the package (see configureCameraWasm to serve your own).
 *
 * @module
 */
export { decodeImage } from './decode.js';
export type { DecodedCode, DecodeImageOptions } from './decode.js';
export { createFrameReader } from './frame-reader.js';
export type { FrameReader, FrameReaderOptions, FrameResult, FrameReaderStats } from './frame-reader.js';
export type { ImageInput, PixelImage } from './input.js';
export type { Corners, Point } from './engines.js';
export { configureCameraWasm } from './wasm.js';
export type { CameraWasmSource } from './wasm.js';
