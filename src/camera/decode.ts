/**
 * decodeImage(): every code in one picture, in reading order.
 *
 * @module
 */
import { scanKind, type ScanKind } from '../voucher/classify.js';
import type { Symbology } from '../scanner/symbology.js';
import { defaultPasses, runCascade, type Pass } from './cascade.js';
import type { Corners } from './engines.js';
import { frameFromInput, type ImageInput } from './input.js';

/**
 * A code found in an image: its text and bytes, its kind and symbology, and where it is.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface DecodedCode {
  /** The decoded text (UTF-8, or what the symbol's ECI said). */
  readonly text: string;
  /** The symbol's bytes as encoded. */
  readonly bytes: Uint8Array;
  /** `voucher` when the text starts with `YBV1:`, else `item` (the scanners' classification). */
  readonly kind: ScanKind;
  readonly symbology: Symbology;
  /** Corners in input pixels, when the decoder reports them. */
  readonly position?: Corners;
}

/**
 * Options of `decodeImage`: time budget, thoroughness, formats, clock.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface DecodeImageOptions {
  /**
   * Start no further pass after this many ms (the first pass always runs).
   * Default: no limit (a still gets every pass, whatever the machine's load);
   * the frame reader passes 40.
   */
  budgetMs?: number;
  /** Run every pass within the budget and report all codes any of them read (slower; for stills with several codes). */
  thorough?: boolean;
  /** zxing-cpp format names to look for (default `['QRCode']`), e.g. `['QRCode', 'DataMatrix', 'EAN13', 'Code128']`. */
  formats?: string[];
  /** Milliseconds clock (tests). */
  now?: () => number;
  /** Told after each decoder pass: its name, ms, codes read (tuning, benchmarks). */
  onPass?: (name: string, ms: number, codes: number) => void;
}

const passCache = new Map<string, Pass[]>();

function passesFor(formats: string[] | undefined): Pass[] {
  const key = (formats ?? ['QRCode']).join(',');
  let passes = passCache.get(key);
  if (!passes) {
    passes = defaultPasses((formats ?? ['QRCode']) as Parameters<typeof defaultPasses>[0]);
    passCache.set(key, passes);
  }
  return passes;
}

/**
 * Every code found in the picture, in reading order; `[]` when none. Throws SCAN_IMAGE_FORMAT for input it cannot read.
 *
 * Exported from `yibao-pos/camera`.
 * @param input An image: encoded bytes (PNG, JPEG) or RGBA pixels with their size.
 * @param options Time budget, formats, and whether to try harder.
 * @example
 * ```ts
 * import { decodeImage } from 'yibao-pos/camera';
 * const [code] = await decodeImage(imageData);
 * console.log(code?.text);
 * ```
 */
export async function decodeImage(input: ImageInput, options: DecodeImageOptions = {}): Promise<DecodedCode[]> {
  const frame = await frameFromInput(input);
  const codes = await runCascade(frame, passesFor(options.formats), {
    budgetMs: options.budgetMs ?? Infinity,
    all: options.thorough === true,
    ...(options.now ? { now: options.now } : {}),
    ...(options.onPass ? { onPass: options.onPass } : {}),
  });
  return codes.map((c) => ({ text: c.text, bytes: c.bytes, kind: scanKind(c.text), symbology: c.symbology, ...(c.corners ? { position: c.corners } : {}) }));
}
