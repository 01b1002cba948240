/**
 * The `Scan` every driver produces, and the one place that turns a framed
 * byte sequence into it (UTF-8 decoding, kind, symbology).
 *
 * @module
 */
import { scanKind, type ScanKind } from '../voucher/classify.js';
import { guessSymbology, symbologyFromAim, type Symbology } from './symbology.js';

/**
 * One scanned code: its text and bytes, `kind` (`voucher` or `item`), symbology and AIM id when known, source device and time.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface Scan {
  /** Decoded UTF-8 text; control bytes such as GS (0x1D) are kept. */
  readonly text: string;
  /** The raw bytes of the code, without prefix, AIM id or suffix. */
  readonly bytes: Uint8Array;
  readonly symbology?: Symbology;
  /** e.g. `]Q1`, when the scanner sent one. */
  readonly aimId?: string;
  /** `voucher` when the text starts with `YBV1:` (voucher.md), else `item`. */
  readonly kind: ScanKind;
  /** Which device: `serial:/dev/ttyACM0`, `hid:0c2e:0b61`, `stdin`… */
  readonly source: string;
  /** Clock time (ms) the scan completed. */
  readonly at: number;
  /** Set when the bytes are not valid UTF-8; `text` then holds U+FFFD where they failed. */
  readonly invalidUtf8?: true;
}

/** A complete code as a framer or HID decoder hands it over. */
export interface Frame {
  readonly bytes: Uint8Array;
  readonly aimId?: string;
  /** The text when the reader already decoded it (a camera decoder honouring the symbol's ECI or character set); else the bytes as UTF-8. */
  readonly text?: string;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export type { ScanKind };

export function makeScan(frame: Frame, source: string, at: number): Scan {
  let text: string;
  let invalid = false;
  if (frame.text !== undefined) text = frame.text;
  else {
    try {
      text = strict.decode(frame.bytes);
    } catch {
      text = lenient.decode(frame.bytes);
      invalid = true;
    }
  }
  const symbology = frame.aimId ? symbologyFromAim(frame.aimId) : guessSymbology(text);
  return {
    text,
    bytes: frame.bytes,
    ...(symbology ? { symbology } : {}),
    ...(frame.aimId ? { aimId: frame.aimId } : {}),
    kind: scanKind(text),
    source,
    at,
    ...(invalid ? { invalidUtf8: true as const } : {}),
  };
}
