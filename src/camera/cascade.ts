/**
 * The decoder: a list of passes (a picture fix + an engine). The first pass
 * is bare zxing-cpp on the whole frame and runs always; each further pass
 * runs only while the time budget lasts and nothing was found yet (or, with
 * `all`, until the list ends), so a frame zxing-cpp reads costs one zxing-cpp
 * read and a hard one gets the fixes. Which passes, in which order, was chosen on the hard test set
 * (scripts/camera-set.mjs, bench/50-camera.bench.mjs): zxing-cpp read more
 * than @zxing/library and jsQR together there, and the fixes that add reads
 * are cropping to the busy region and upscaling it (small modules), then
 * sharpening it (blur); on the kiosk photo set (scripts/kiosk-set.mjs),
 * flattening a reflection and undoing a hand's shake.
 *
 * @module
 */
import type { ReaderOptions } from 'zxing-wasm/reader';
import { zxingCpp, type Engine, type Pixels, type RawCode } from './engines.js';
import { shakeDirection, unshake } from './deblur.js';
import { flatten, sharpen, upscale } from './filters.js';
import type { Frame } from './frame.js';
import { zoom2, zoomGrey } from './grey.js';
import { mergeCodes, mapCorners, readingOrder } from './order.js';
import { crop } from './roi.js';

/** A picture for a pass, and how its pixels map back: input = offset + pixel × scale. */
export interface Prepared {
  readonly img: Pixels;
  readonly scale: number;
  readonly dx: number;
  readonly dy: number;
}

export interface Pass {
  readonly name: string;
  /** The picture to read, or undefined when the pass does not apply to this frame. */
  readonly prepare: (frame: Frame) => Prepared | undefined;
  readonly engine: Engine;
}

export interface CascadeOptions {
  /** Stop starting new passes after this many ms (the first pass always runs). */
  budgetMs?: number;
  /** Run every pass within the budget and merge, rather than stopping at the first pass that reads a code. */
  all?: boolean;
  /** Milliseconds clock; default performance.now. */
  now?: () => number;
  /** Told after each pass ran (benchmarks use it to show what each pass adds). */
  onPass?: (name: string, ms: number, codes: number) => void;
}

const whole = (f: Frame): Prepared => ({ img: f.rgba ? { rgba: f.rgba, width: f.width, height: f.height } : f.grey(), scale: 1, dx: 0, dy: 0 });

/**
 * The busy region, doubled (linear interpolation) when it is at most a
 * quarter of the frame, so this read never costs more pixels than a
 * whole-frame read; modules of 1.3–3 px become readable.
 */
function region(f: Frame): Prepared | undefined {
  const r = f.region();
  // A region of most of the frame saves nothing and may clip a finder pattern whose solid squares look calm.
  if (!r || r.width * r.height * 4 > f.width * f.height * 3) return undefined;
  const k = r.width * r.height * 4 <= f.width * f.height ? 2 : 1;
  return { img: k === 2 ? zoom2(f, r.x, r.y, r.width, r.height) : zoomGrey(f, r.x, r.y, r.width, r.height, 1), scale: 1 / k, dx: r.x, dy: r.y };
}

/** The region enlarged smoothly (bilinear, up to 2x within the frame's pixel count) and sharpened: blurred frames. */
function regionSharpened(f: Frame): Prepared | undefined {
  const r = f.region();
  if (!r) return undefined;
  const k = Math.min(2, Math.sqrt((f.width * f.height) / (r.width * r.height)));
  const cut = crop(f.grey(), r);
  const img = sharpen(k > 1.1 ? upscale(cut, k) : cut, 2, 1.5);
  return { img, scale: cut.width / img.width, dx: r.x, dy: r.y };
}

/** The region (not enlarged) less its local mean: a reflection over part of the code (kiosk photos). */
function regionFlattened(f: Frame): Prepared | undefined {
  const r = f.region();
  if (!r) return undefined;
  return { img: flatten(crop(f.grey(), r), 8, 2), scale: 1, dx: r.x, dy: r.y };
}

/** A shake's smear this long (px of the frame) is undone: the kiosk set's hands smear 1–6 px, and the shorter smears read without it. */
const SHAKE_PX = 5;
/** Below this the gradients are about as strong every way (a sharp code at any angle): no smear to undo. */
const SHAKE_ANISOTROPY = 1.5;

/** The region with a hand's shake undone (its direction measured on the region), then enlarged like `region`. */
function regionUnshaken(f: Frame): Prepared | undefined {
  const r = f.region();
  if (!r) return undefined;
  const cut = crop(f.grey(), r);
  const { angle, anisotropy } = shakeDirection(cut);
  if (anisotropy < SHAKE_ANISOTROPY) return undefined;
  const k = Math.min(2, Math.sqrt((f.width * f.height) / (r.width * r.height)));
  const sharp = unshake(cut, angle, SHAKE_PX, 10);
  const img = k > 1.1 ? upscale(sharp, k) : sharp;
  return { img, scale: cut.width / img.width, dx: r.x, dy: r.y };
}

export function defaultPasses(formats: ReaderOptions['formats'] = ['QRCode']): Pass[] {
  // First, bare zxing-cpp on the original pixels with its own defaults (tryHarder, tryRotate, tryInvert,
  // tryDownscale): on a still that zxing-cpp reads, the decoder costs what zxing-cpp costs and reads what it
  // reads. Our fixes run only when that found nothing (or with `all`): no rotation or inversion there, a QR
  // detector is rotation-free and the first read already tried inverted.
  const bare = zxingCpp({ formats });
  const plain = zxingCpp({ formats, tryHarder: true, tryRotate: false, tryInvert: false, tryDownscale: false, maxNumberOfSymbols: 16 });
  return [
    { name: 'frame', prepare: whole, engine: bare },
    { name: 'region', prepare: region, engine: plain },
    { name: 'region-sharpen', prepare: regionSharpened, engine: plain },
    // Added for photos of a phone's screen (scripts/kiosk-set.mjs): glare over the code, then a hand's shake.
    { name: 'region-flatten', prepare: regionFlattened, engine: plain },
    { name: 'region-unshake', prepare: regionUnshaken, engine: plain },
  ];
}

export async function runCascade(frame: Frame, passes: readonly Pass[], options: CascadeOptions = {}): Promise<RawCode[]> {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const budget = options.budgetMs ?? Infinity;
  let found: RawCode[] = [];
  let ran = 0;
  for (const pass of passes) {
    if (ran > 0 && (now() - start >= budget || (found.length > 0 && !options.all))) break;
    const p = pass.prepare(frame);
    if (!p) continue;
    ran++;
    const t = now();
    const codes = await pass.engine(p.img);
    options.onPass?.(pass.name, now() - t, codes.length);
    found = mergeCodes(found, p.scale === 1 && p.dx === 0 && p.dy === 0 ? codes : codes.map((c) => (c.corners ? { ...c, corners: mapCorners(c.corners, p.scale, p.dx, p.dy) } : c)));
  }
  return readingOrder(found);
}
