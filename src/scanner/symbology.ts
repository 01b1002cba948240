/**
 * Symbology names from AIM identifiers (ISO/IEC 15424) and, when a scanner
 * sends none, a guess from the text: `YBV1:` → qr, 13 digits with a valid
 * check digit → ean13, 20 digits → trace20 (药品追溯码).
 *
 * @module
 */
import { classifyScan } from '../voucher/classify.js';

/**
 * The symbology of a scan (`qr`, `ean13`, `trace20`, `gs1-datamatrix`…), from its AIM id or guessed from its text.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type Symbology =
  | 'qr'
  | 'gs1-qr'
  | 'datamatrix'
  | 'gs1-datamatrix'
  | 'ean13'
  | 'ean8'
  | 'upca'
  | 'upce'
  /** ]E3: EAN-13, UPC-A or UPC-E with its add-on, sent as one. */
  | 'ean13-addon'
  /** ]E1 / ]E2: the 2- or 5-digit add-on sent on its own. */
  | 'ean-addon2'
  | 'ean-addon5'
  | 'code128'
  | 'gs1-128'
  | 'code39'
  | 'code93'
  | 'code11'
  | 'codabar'
  | 'itf'
  | 'itf14'
  | 'pdf417'
  | 'aztec'
  | 'gs1-databar'
  | 'gs1-composite'
  | 'dotcode'
  | 'gs1-dotcode'
  | 'maxicode'
  | 'hanxin'
  | 'msi'
  | 'telepen'
  | 'trace20'
  | 'unknown';

/**
 * ISO/IEC 15424 code characters → symbology, with the modifiers that change
 * the name (GS1 General Specifications figure 5.1.2-2 names the GS1 ones).
 * Code characters not listed (Code One, Code 16K, Code 49, Plessey…) are `unknown`.
 */
const BY_CODE: Readonly<Record<string, { name: Symbology; modifiers?: Readonly<Record<string, Symbology>> }>> = {
  A: { name: 'code39' },
  B: { name: 'telepen' },
  C: { name: 'code128', modifiers: { '1': 'gs1-128' } },
  E: { name: 'ean13', modifiers: { '1': 'ean-addon2', '2': 'ean-addon5', '3': 'ean13-addon', '4': 'ean8' } },
  F: { name: 'codabar' },
  G: { name: 'code93' },
  H: { name: 'code11' },
  I: { name: 'itf', modifiers: { '1': 'itf14' } },
  J: { name: 'dotcode', modifiers: { '1': 'gs1-dotcode' } },
  L: { name: 'pdf417' },
  M: { name: 'msi' },
  // Q3/Q4: FNC1 in first position (GS1), without and with ECI.
  Q: { name: 'qr', modifiers: { '3': 'gs1-qr', '4': 'gs1-qr' } },
  U: { name: 'maxicode' },
  // d2/d5: ECC 200 with FNC1 in first position (GS1), without and with ECI.
  d: { name: 'datamatrix', modifiers: { '2': 'gs1-datamatrix', '5': 'gs1-datamatrix' } },
  // e0 DataBar; e1/e2 a Composite's 2D part after a separator / escape character.
  e: { name: 'gs1-databar', modifiers: { '1': 'gs1-composite', '2': 'gs1-composite' } },
  h: { name: 'hanxin' },
  z: { name: 'aztec' },
};

/** Maps `]Xm` to a symbology. */
export function symbologyFromAim(aim: string): Symbology {
  const row = aim[0] === ']' ? BY_CODE[aim[1] ?? ''] : undefined;
  if (!row) return 'unknown';
  return row.modifiers?.[aim[2] ?? ''] ?? row.name;
}

/** EAN-13 check digit (weights 1,3 from the left). */
export function validEan13(text: string): boolean {
  if (!/^\d{13}$/.test(text)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(text[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(text[12]);
}

/** A guess when no AIM id came with the scan; undefined when nothing fits. */
export function guessSymbology(text: string): Symbology | undefined {
  const what = classifyScan(text, { national: false });
  if (what === 'voucher') return 'qr';
  if (validEan13(text)) return 'ean13';
  if (what === 'trace') return 'trace20';
  if (text.startsWith('\x1d') || /^\d{2}.*\x1d/.test(text)) return 'gs1-datamatrix';
  return undefined;
}
