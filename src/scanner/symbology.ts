/**
 * Symbology names from AIM identifiers (ISO/IEC 15424) and, when a scanner
 * sends none, a guess from the text: `YBV1:` → qr, 13 digits with a valid
 * check digit → ean13, 20 digits → trace20 (药品追溯码).
 *
 * @module
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */

export type Symbology =
  | 'qr'
  | 'datamatrix'
  | 'gs1-datamatrix'
  | 'ean13'
  | 'ean8'
  | 'upca'
  | 'upce'
  | 'code128'
  | 'gs1-128'
  | 'code39'
  | 'itf'
  | 'pdf417'
  | 'aztec'
  | 'trace20'
  | 'unknown';

/** Maps `]Xm` (the part after `]`) to a symbology. */
export function symbologyFromAim(aim: string): Symbology {
  const c = aim[1];
  const m = aim[2] ?? '';
  switch (c) {
    case 'Q':
      return 'qr';
    case 'd':
      return m === '2' || m === '5' ? 'gs1-datamatrix' : 'datamatrix';
    case 'E':
      return m === '4' ? 'ean8' : m === '0' ? 'ean13' : 'upce';
    case 'C':
      return m === '1' ? 'gs1-128' : 'code128';
    case 'A':
      return 'code39';
    case 'I':
      return 'itf';
    case 'L':
      return 'pdf417';
    case 'z':
      return 'aztec';
    default:
      return 'unknown';
  }
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
  if (text.startsWith('YBV1:')) return 'qr';
  if (validEan13(text)) return 'ean13';
  if (/^\d{20}$/.test(text)) return 'trace20';
  if (text.startsWith('\x1d') || /^\d{2}.*\x1d/.test(text)) return 'gs1-datamatrix';
  return undefined;
}
