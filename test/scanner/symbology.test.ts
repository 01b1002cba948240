import { describe, expect, it } from 'vitest';
import { makeScan } from '../../src/scanner/scan.js';
import { guessSymbology, symbologyFromAim, validEan13 } from '../../src/scanner/symbology.js';
import { bytes } from './helpers.js';

describe('symbology', () => {
  it('maps AIM ids', () => {
    expect([']Q1', ']E0', ']E4', ']d2', ']d1', ']C1', ']C0', ']A0', ']L2', ']X0'].map(symbologyFromAim)).toEqual(['qr', 'ean13', 'ean8', 'gs1-datamatrix', 'datamatrix', 'gs1-128', 'code128', 'code39', 'pdf417', 'unknown']);
  });
  it('guesses without an AIM id', () => {
    expect(validEan13('6901234567892')).toBe(true);
    expect(validEan13('6901234567893')).toBe(false);
    expect(guessSymbology('YBV1:abc')).toBe('qr');
    expect(guessSymbology('6901234567892')).toBe('ean13');
    expect(guessSymbology('6901234567893')).toBeUndefined();
    expect(guessSymbology('81234567890123456789')).toBe('trace20');
    expect(guessSymbology('0106901234567892\x1d10LOT')).toBe('gs1-datamatrix');
  });
  it('makes a Scan: kind, aim id wins over the guess', () => {
    expect(makeScan({ bytes: bytes('YBV1:x'), aimId: ']Q1' }, 's', 5)).toEqual({ text: 'YBV1:x', bytes: bytes('YBV1:x'), symbology: 'qr', aimId: ']Q1', kind: 'voucher', source: 's', at: 5 });
    expect(makeScan({ bytes: bytes('ybv1:x') }, 's', 5).kind).toBe('item');
    expect(makeScan({ bytes: bytes('6901234567892'), aimId: ']C0' }, 's', 5).symbology).toBe('code128');
  });
});
