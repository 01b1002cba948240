/**
 * Where zxing-cpp's WebAssembly comes from. Never a CDN: zxing-wasm would
 * fetch it from one by default, and a counter may be offline.
 * - Node: the file shipped in node_modules/zxing-wasm, read from disk.
 * - Browser: `zxing_reader.wasm` next to this module in dist/, written as
 *   `new URL('./zxing_reader.wasm', import.meta.url)` so bundlers (Vite,
 *   webpack, Parcel, esbuild's file loader) copy it and rewrite the URL.
 * - Or the caller says: `configureCameraWasm({ url })` / `({ binary })`.
 * Loaded on first decode only.
 *
 * @module
 */
import { greyInto } from './grey.js';
import type { ReaderOptions, ZXingReaderModule, ZXingReaderOptions, ZXingReadResult } from 'zxing-wasm/reader';

/**
 * Where `configureCameraWasm` finds the decoder's WebAssembly: a URL to fetch it from, or its bytes.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface CameraWasmSource {
  /** Where to fetch `zxing_reader.wasm` from (a page serving its own copy). */
  url?: string | URL;
  /** The module's bytes, already loaded. */
  binary?: ArrayBuffer | Uint8Array;
}

type ZxingReader = typeof import('zxing-wasm/reader');

let configured: CameraWasmSource | undefined;
let ready: Promise<Loaded> | undefined;

/** The Emscripten members used to hand pixels over (typed in @types/emscripten, not a dependency here). */
interface ModuleMemory {
  _malloc(size: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
}

interface Loaded {
  zx: ZxingReader;
  module: ZXingReaderModule & ModuleMemory;
}

/**
 * Overrides where the decoder's WebAssembly comes from; call before the first decode.
 *
 * Exported from `yibao-pos/camera`.
 * @param source Where the decoder's WebAssembly is: `{ url }` or `{ binary }` (its bytes).
 * @example
 * ```ts
 * import { configureCameraWasm } from 'yibao-pos/camera';
 * configureCameraWasm({ url: '/assets/zxing_reader.wasm' });
 * ```
 */
export function configureCameraWasm(source: CameraWasmSource): void {
  configured = source;
  ready = undefined;
}

const WASM_FILE = 'zxing_reader.wasm';
const WASM_PACKAGE_PATH = 'zxing-wasm/reader/zxing_reader.wasm';

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

// Held in variables so bundlers do not follow them into a browser build; only Node takes this path.
const NODE_FS = 'node:fs/promises';
const NODE_MODULE = 'node:module';
const NODE_URL = 'node:url';

/** The .wasm shipped in node_modules/zxing-wasm, found the way Node resolves packages from here. */
async function nodeBinary(): Promise<Uint8Array> {
  const { readFile } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_FS)) as typeof import('node:fs/promises');
  const { createRequire } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_MODULE)) as typeof import('node:module');
  const { pathToFileURL } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_URL)) as typeof import('node:url');
  const bases: string[] = [];
  const here = moduleUrl();
  if (here) bases.push(here);
  if (typeof __filename === 'string') bases.push(pathToFileURL(__filename).href);
  bases.push(pathToFileURL(`${process.cwd()}/package.json`).href);
  let lastError: unknown;
  for (const base of bases) {
    try {
      return await readFile(createRequire(base).resolve(WASM_PACKAGE_PATH));
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

function moduleUrl(): string | undefined {
  try {
    return import.meta.url;
  } catch {
    return undefined;
  }
}

/** The copy tsup writes beside the built module; bundlers see this pattern and ship the file. */
function bundledUrl(): URL | undefined {
  try {
    return new URL('./zxing_reader.wasm', import.meta.url);
  } catch {
    return undefined;
  }
}

async function load(): Promise<Loaded> {
  const zx = await import('zxing-wasm/reader');
  const source = configured;
  let overrides: Record<string, unknown>;
  if (source?.binary) {
    const b = source.binary;
    overrides = { wasmBinary: b instanceof Uint8Array ? b.slice().buffer : b };
  } else if (source?.url) {
    const url = String(source.url);
    overrides = { locateFile: (path: string) => (path.endsWith('.wasm') ? url : path) };
  } else if (isNode()) {
    overrides = { wasmBinary: (await nodeBinary()).slice().buffer };
  } else {
    const url = bundledUrl();
    if (!url) throw new Error(`cannot locate ${WASM_FILE}: pass configureCameraWasm({ url })`);
    overrides = { locateFile: (path: string) => (path.endsWith('.wasm') ? url.href : path) };
  }
  const module = await zx.prepareZXingModule({ overrides, fireImmediately: true });
  return { zx, module: module as ZXingReaderModule & ModuleMemory };
}

function reader(): Promise<Loaded> {
  ready ??= load().catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}

/** Reader options in the form the module takes (what zxing-wasm's readBarcodes builds inside). */
function moduleOptions(zx: ZxingReader, o: ReaderOptions): ZXingReaderOptions {
  const all = { ...zx.defaultReaderOptions, ...o };
  return {
    ...all,
    formats: zx.encodeFormats(all.formats),
    binarizer: zx.binarizers.indexOf(all.binarizer),
    eanAddOnSymbol: zx.eanAddOnSymbols.indexOf(all.eanAddOnSymbol),
    textMode: zx.textModes.indexOf(all.textMode),
    characterSet: zx.characterSets.indexOf(all.characterSet),
  } as ZXingReaderOptions;
}

/** Module options per reader options object: the cascade's engines keep theirs, so each is built once. */
const builtOptions = new WeakMap<ReaderOptions, ZXingReaderOptions>();

/**
 * zxing-cpp on 8-bit grey pixels that `fill` writes straight into the
 * module's memory. readBarcodes() only takes RGBA and turns it into grey in
 * JavaScript first; skipping that pass over the pixels is about half the
 * time of a read.
 */
async function readPixmap(width: number, height: number, fill: (heap: Uint8Array) => void, options: ReaderOptions): Promise<ZXingReadResult[]> {
  const { zx, module } = await reader();
  let built = builtOptions.get(options);
  if (!built) builtOptions.set(options, (built = moduleOptions(zx, options)));
  const size = width * height;
  const ptr = module._malloc(size);
  if (!ptr) throw new Error(`cannot allocate ${size} bytes in WebAssembly memory`);
  let results;
  try {
    fill(module.HEAPU8.subarray(ptr, ptr + size));
    results = module.readBarcodesFromPixmap(ptr, width, height, built);
  } finally {
    module._free(ptr);
  }
  try {
    const out: ZXingReadResult[] = [];
    for (let i = 0; i < results.size(); i++) out.push(results.get(i)!);
    return out;
  } finally {
    results.delete();
  }
}

/** zxing-cpp on 8-bit grey pixels. */
export function zxingCppReadGrey(grey: Uint8Array, width: number, height: number, options: ReaderOptions): Promise<ZXingReadResult[]> {
  return readPixmap(width, height, (heap) => heap.set(grey), options);
}

/**
 * zxing-cpp on RGBA pixels, made grey straight into the module's memory (no
 * grey copy in between: the first read of every frame, which the time rule
 * holds to bare zxing-cpp's own cost).
 */
export function zxingCppReadRgba(rgba: Uint8ClampedArray, width: number, height: number, options: ReaderOptions): Promise<ZXingReadResult[]> {
  return readPixmap(width, height, (heap) => greyInto(rgba, heap), options);
}
