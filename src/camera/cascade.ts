/**
 * The decoder: a list of passes (a picture fix + an engine), cheapest first.
 * The first pass runs always; each further pass runs only while the time
 * budget lasts and nothing was found yet (or, with `all`, until the list
 * ends), so a clean frame costs one zxing-cpp read and a hard one gets the
 * fixes. Which passes, in which order, was chosen on the hard test set
 * (scripts/make-camera-set.mjs, bench/50-camera.bench.mjs).
 *
 * @module
 */
import type { ReaderOptions } from 'zxing-wasm/reader';
import { zxingCpp, type Engine, type RawCode } from './engines.js';
import { downscale, sharpen, stretchContrast, upscale } from './filters.js';
import type { GreyImage } from './grey.js';
import { mergeCodes, readingOrder, scaleCorners } from './order.js';

export interface Pass {
  readonly name: string;
  /** The picture this pass reads, and the factor from its pixels back to the input's. */
  readonly prepare: (img: GreyImage) => { img: GreyImage; scale: number };
  readonly engine: Engine;
}

export interface CascadeOptions {
  /** Stop starting new passes after this many ms (the first pass always runs). */
  budgetMs?: number;
  /** Run every pass within the budget and merge, rather than stopping at the first pass that reads a code. */
  all?: boolean;
  /** zxing-cpp format names; default QR codes only. */
  formats?: ReaderOptions['formats'];
  /** Milliseconds clock; default performance.now. */
  now?: () => number;
}

const same = (img: GreyImage) => ({ img, scale: 1 });

export function defaultPasses(formats: ReaderOptions['formats'] = ['QRCode']): Pass[] {
  const fast = zxingCpp({ formats, tryHarder: true, tryRotate: false, tryInvert: true, tryDownscale: true, maxNumberOfSymbols: 16 });
  const hard = zxingCpp({ formats, tryHarder: true, tryRotate: true, tryInvert: true, tryDownscale: true, tryDenoise: true, maxNumberOfSymbols: 16 });
  return [
    { name: 'cpp', prepare: same, engine: fast },
    { name: 'cpp-stretch-sharpen', prepare: (img) => ({ img: sharpen(stretchContrast(img)), scale: 1 }), engine: fast },
    { name: 'cpp-half', prepare: (img) => ({ img: downscale(img, 2), scale: 2 }), engine: fast },
    { name: 'cpp-denoise', prepare: same, engine: hard },
    {
      name: 'cpp-double',
      prepare: (img) => (img.width * img.height <= 800 * 600 ? { img: upscale(img, 2), scale: 0.5 } : { img, scale: 1 }),
      engine: fast,
    },
  ];
}

export async function runCascade(img: GreyImage, passes: readonly Pass[], options: CascadeOptions = {}): Promise<RawCode[]> {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const budget = options.budgetMs ?? Infinity;
  let found: RawCode[] = [];
  for (let i = 0; i < passes.length; i++) {
    if (i > 0 && (now() - start >= budget || (found.length > 0 && !options.all))) break;
    const pass = passes[i]!;
    const { img: view, scale } = pass.prepare(img);
    const codes = await pass.engine(view);
    found = mergeCodes(found, scale === 1 ? codes : codes.map((c) => (c.corners ? { ...c, corners: scaleCorners(c.corners, scale) } : c)));
  }
  return readingOrder(found);
}
