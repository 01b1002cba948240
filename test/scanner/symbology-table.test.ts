/**
 * AIM symbology identifiers against the published tables:
 * - GS1 General Specifications, figure 5.1.2-2 (the GS1 system's ids), 13 rows;
 * - ISO/IEC 15424:2008 table 1 (code characters), 29 rows.
 * Both as listed in the biip project's Symbology / GS1Symbology enums.
 */
import { describe, expect, it } from 'vitest';
import { Framer } from '../../src/scanner/framing/framer.js';
import { makeScan, type Frame } from '../../src/scanner/scan.js';
import { symbologyFromAim } from '../../src/scanner/symbology.js';
import { HidPosDecoder, hidPosReports } from '../../src/scanner/hid-pos.js';
import { bytes } from './helpers.js';

/** [id, the figure's wording, our name] */
const GS1_FIGURE: Array<[string, string, string]> = [
  [']E0', 'EAN-13, UPC-A, or UPC-E', 'ean13'],
  [']E1', 'Two-digit add-on symbol', 'ean-addon2'],
  [']E2', 'Five-digit add-on symbol', 'ean-addon5'],
  [']E3', 'EAN-13, UPC-A, or UPC-E with add-on symbol', 'ean13-addon'],
  [']E4', 'EAN-8', 'ean8'],
  [']I1', 'ITF-14', 'itf14'],
  [']C1', 'GS1-128', 'gs1-128'],
  [']e0', 'GS1 DataBar', 'gs1-databar'],
  [']e1', 'GS1 Composite, data packet after an encoded symbol separator', 'gs1-composite'],
  [']e2', 'GS1 Composite, data packet after an escape mechanism character', 'gs1-composite'],
  [']d2', 'GS1 DataMatrix', 'gs1-datamatrix'],
  [']Q3', 'GS1 QR Code', 'gs1-qr'],
  [']J1', 'GS1 DotCode', 'gs1-dotcode'],
];

/** [code character, ISO/IEC 15424 table 1 name, our name with modifier 0] */
const ISO_TABLE_1: Array<[string, string, string]> = [
  ['A', 'Code 39', 'code39'],
  ['B', 'Telepen', 'telepen'],
  ['C', 'Code 128', 'code128'],
  ['D', 'Code One', 'unknown'],
  ['E', 'EAN/UPC', 'ean13'],
  ['F', 'Codabar', 'codabar'],
  ['G', 'Code 93', 'code93'],
  ['H', 'Code 11', 'code11'],
  ['I', 'ITF (Interleaved 2 of 5)', 'itf'],
  ['K', 'Code 16K', 'unknown'],
  ['L', 'PDF417 and MicroPDF417', 'pdf417'],
  ['M', 'MSI', 'msi'],
  ['N', 'Anker', 'unknown'],
  ['O', 'Codablock', 'unknown'],
  ['P', 'Plessey Code', 'unknown'],
  ['Q', 'QR Code and QR Code 2005', 'qr'],
  ['R', 'Straight 2 of 5, two-bar start/stop', 'unknown'],
  ['S', 'Straight 2 of 5, three-bar start/stop', 'unknown'],
  ['T', 'Code 49', 'unknown'],
  ['U', 'MaxiCode', 'maxicode'],
  ['X', 'Other barcode', 'unknown'],
  ['Y', 'System expansion', 'unknown'],
  ['Z', 'Non-barcode', 'unknown'],
  ['c', 'Channel Code', 'unknown'],
  ['d', 'Data Matrix', 'datamatrix'],
  ['e', 'RSS and EAN.UCC Composite', 'gs1-databar'],
  ['o', 'OCR', 'unknown'],
  ['p', 'PosiCode', 'unknown'],
  ['z', 'Aztec Code', 'aztec'],
];

describe('symbology ids, GS1 General Specifications figure 5.1.2-2', () => {
  it.each(GS1_FIGURE)('%s (%s) → %s', (id, _name, ours) => {
    expect(symbologyFromAim(id)).toBe(ours);
  });
});

describe('symbology ids, ISO/IEC 15424 table 1 code characters', () => {
  it.each(ISO_TABLE_1)(']%s0 (%s) → %s', (code, _name, ours) => {
    expect(symbologyFromAim(`]${code}0`)).toBe(ours);
  });
  it('other modifiers that matter: QR and Data Matrix with FNC1 and ECI, Han Xin, Code 128 without FNC1', () => {
    expect([']Q1', ']Q4', ']Q5', ']d1', ']d5', ']d4', ']h0', ']C0', ']C2', ']I0', ']J0'].map(symbologyFromAim)).toEqual(['qr', 'gs1-qr', 'qr', 'datamatrix', 'gs1-datamatrix', 'datamatrix', 'hanxin', 'code128', 'code128', 'itf', 'dotcode']);
    expect(symbologyFromAim('E0')).toBe('unknown');
  });
});

describe('the ids arrive the same way from a serial stream and from HID POS', () => {
  const cases: Array<[string, string, string]> = [
    [']E3', '690123456789212', 'ean13-addon'],
    [']E1', '12', 'ean-addon2'],
    [']e0', '0109501101530003', 'gs1-databar'],
  ];
  it.each(cases)('%s%s', (aim, data, ours) => {
    const frames: Frame[] = [];
    const framer = new Framer({ frame: (f) => frames.push(f), error: (e) => { throw e; } });
    framer.push(bytes(`${aim}${data}\r`));
    const [fromHid] = hidPosReports(bytes(data), aim).map((r) => new HidPosDecoder().push(r));
    for (const f of [frames[0]!, fromHid!]) expect(makeScan(f, 's', 0)).toMatchObject({ text: data, aimId: aim, symbology: ours });
  });
});
