import { describe, expect, it } from 'vitest';
import { displayWidth, truncateToWidth, twoColumns, wrapToWidth } from '../../src/checkout/text-width.js';

describe('displayWidth', () => {
  it('counts Chinese characters as two columns and ASCII as one', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('张*三')).toBe(5);
    expect(displayWidth('合计：')).toBe(6);
    expect(displayWidth('ＡＢ')).toBe(4);
  });
  it('gives combining marks and control characters no width', () => {
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u001db')).toBe(2);
  });
});

describe('layout helpers', () => {
  it('never splits a wide character when truncating', () => {
    expect(truncateToWidth('阿莫西林胶囊', 5)).toBe('阿莫');
    expect(displayWidth(truncateToWidth('阿莫西林胶囊', 5))).toBe(4);
  });
  it('right-aligns the value on a fixed-width line', () => {
    const line = twoColumns('合计', '26.80', 32);
    expect(displayWidth(line)).toBe(32);
    expect(line.endsWith('26.80')).toBe(true);
    expect(line.startsWith('合计 ')).toBe(true);
  });
  it('cuts a long label so the line still fits', () => {
    const line = twoColumns('复方甘草片复方甘草片复方甘草片复方甘草片', '1234.56', 32);
    expect(displayWidth(line)).toBeLessThanOrEqual(32);
    expect(line.endsWith('1234.56')).toBe(true);
  });
  it('wraps by columns', () => {
    const lines = wrapToWidth('一二三四五六七八九十', 8);
    expect(lines).toEqual(['一二三四', '五六七八', '九十']);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(8);
  });
});
