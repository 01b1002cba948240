/**
 * Receipts for GBK/GB18030 thermal printers. Such a printer, in Chinese mode,
 * prints a one-byte code as a half-width glyph and a multi-byte code as one
 * full-width glyph (two columns): the model below measures a line that way,
 * from the GB18030 bytes iconv-lite makes, independently of text-width.ts.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { receiptEscPos } from '../../src/checkout/escpos.js';
import type { Receipt } from '../../src/checkout/receipt.js';
import { formatReceipt } from '../../src/checkout/receipt-text.js';
import { displayWidth } from '../../src/checkout/text-width.js';

/** Columns a GB18030 printer uses for `line`: 1 per one-byte character, 2 per multi-byte one. */
const printedColumns = (line: string): number => [...line].reduce((w, ch) => w + (iconv.encode(ch, 'gb18030').length === 1 ? 1 : 2), 0);

const AMBIGUOUS = ['μ', '×', '①', '·', '—', '℃'];

const receipt: Receipt = {
  time: '2026-03-01T02:03:04.000Z',
  pharmacy: { code: 'P42010001', name: '仁心大药房·光谷店' },
  msgid: 'H42010001202603011003040001',
  setlId: 'S20260301000001',
  mdtrtId: 'M20260301000001',
  verifiedBy: 'offline',
  items: [
    { code: 'XA01', name: '甲钴胺片 500μg×20片', qty: 2, priceFen: 2350 },
    { code: 'XB02', name: '电子体温计 ①型 32℃—42℃', qty: 1, priceFen: 3990 },
    { code: 'XC03', name: '维生素C·泡腾片 1g×10片×2管 ①橙味 ②柠檬味 ③混合装', qty: 3, priceFen: 1280 },
  ],
  totalFen: 14530,
  fundPayFen: 0,
  acctPayFen: 14530,
  acctMulaidPayFen: 0,
  cashFen: 0,
  balanceAfterFen: 35470,
  // Uyghur names are written with a middle dot.
  patient: { name: '买买提·艾*', sub: 'YBTEST0001EMPLOYEE' },
  insuredRegion: '420100',
  crossRegion: false,
  channel: 'nhsa-app',
};

describe('column widths as a GB18030 printer prints them', () => {
  it('μ × ① · — ℃ are two columns under gb18030 (two GB18030 bytes each), one under unicode', () => {
    for (const ch of AMBIGUOUS) {
      expect(iconv.encode(ch, 'gb18030').length, ch).toBe(2);
      expect(displayWidth(ch, 'gb18030'), ch).toBe(printedColumns(ch));
      expect(displayWidth(ch, 'gb18030'), ch).toBe(2);
      expect(displayWidth(ch), ch).toBe(1);
    }
    expect(displayWidth(AMBIGUOUS.join(''), 'gb18030')).toBe(12);
  });

  it('agrees with the printer model on ASCII, Chinese, full-width forms, accented pinyin and characters outside GBK', () => {
    const sample = 'Ab1 .-合计ＡＢé😀㐀';
    for (const ch of sample) expect(displayWidth(ch, 'gb18030'), ch).toBe(printedColumns(ch));
  });
});

describe('formatReceipt({ encoding: "gb18030" })', () => {
  for (const width of [32, 48]) {
    it(`every line fits ${width} printed columns and the amount rows fill them exactly`, () => {
      const lines = formatReceipt(receipt, { width, encoding: 'gb18030' }).trimEnd().split('\n');
      for (const line of lines) expect(printedColumns(line), line).toBeLessThanOrEqual(width);
      const rows = lines.filter((l) => /\d+\.\d\d$/.test(l));
      expect(rows.length).toBeGreaterThanOrEqual(8);
      for (const row of rows) expect(printedColumns(row), row).toBe(width);
      expect(lines.some((l) => l.includes('500μg×20片'))).toBe(true);
    });
  }

  it('the unicode layout of the same receipt would spill over on such a printer (what this option fixes)', () => {
    const lines = formatReceipt(receipt, { width: 32 }).trimEnd().split('\n');
    expect(Math.max(...lines.map(printedColumns))).toBeGreaterThan(32);
  });
});

describe('receiptEscPos', () => {
  const bytes = Buffer.from(receiptEscPos(receipt));
  const has = (hex: string) => bytes.includes(Buffer.from(hex, 'hex'));

  it('initialises, enters Chinese mode, prints the GB18030 text, feeds and cuts', () => {
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1b401c26');
    expect(bytes.subarray(-6).toString('hex')).toBe('1b64041d5601');
    const text = new TextDecoder('gb18030').decode(bytes.subarray(4, -6));
    expect(text).toBe(formatReceipt(receipt, { encoding: 'gb18030' }));
  });

  it('holds the GB18030 codes of the characters printers get wrong', () => {
    // GB 18030 code points: μ A6CC, × A1C1, ① A2D9, · A1A4, — A1AA, ℃ A1E6, 合计 BACF BCC6.
    for (const hex of ['a6cc', 'a1c1', 'a2d9', 'a1a4', 'a1aa', 'a1e6', 'bacfbcc6']) expect(has(hex), hex).toBe(true);
    expect(bytes.includes(Buffer.from('μ', 'utf8'))).toBe(false);
  });

  it('cut: false leaves the paper uncut; width 48 for 80 mm paper', () => {
    const plain = Buffer.from(receiptEscPos(receipt, { cut: false, width: 48 }));
    expect(plain.includes(Buffer.from([0x1d, 0x56]))).toBe(false);
    expect(new TextDecoder('gb18030').decode(plain.subarray(4))).toBe(formatReceipt(receipt, { width: 48, encoding: 'gb18030' }));
  });
});
