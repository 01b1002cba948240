import { describe, expect, it } from 'vitest';
import { cntText, itemLine, lineFen, parseCnt, parsePric, pricText } from '../../src/gateway/quantity.js';
import { itemsTotalFen } from '../../src/gateway/transactions/drug-input.js';

describe('decimal cnt (16,4) and pric (16,6)', () => {
  it('reads exact decimals from strings and numbers', () => {
    expect(parseCnt('0.4167')).toBe(4167n);
    expect(parseCnt(10)).toBe(100000n);
    expect(parseCnt(0.1)).toBe(1000n);
    expect(parsePric('0.558333')).toBe(558333n);
    expect(parsePric(13.4)).toBe(13400000n);
    expect(cntText(4167n)).toBe('0.4167');
    expect(cntText(100000n)).toBe('10');
    expect(pricText(558333n)).toBe('0.558333');
    expect(pricText(13400000n)).toBe('13.40');
    expect(pricText(5000000n)).toBe('5.00');
  });

  it('refuses zero or negative quantities, too many decimals, exponents and junk', () => {
    for (const v of [0, '0', -1, '1.00001', '1e2', 1e21, '', ' 1', NaN, null, '01']) expect(() => parseCnt(v), String(v)).toThrow(expect.objectContaining({ code: 'GATEWAY_REQUEST_INVALID' }));
    for (const v of [-0.01, '0.1234567', '1e-7', 'x', undefined]) expect(() => parsePric(v), String(v)).toThrow(expect.objectContaining({ code: 'GATEWAY_REQUEST_INVALID' }));
  });

  it('rounds the line total half up to the fen, exactly', () => {
    // 10 tablets of a 13.40 box of 24 at 0.558333 each: 5.58333 → 5.58
    expect(lineFen(parseCnt(10), parsePric('0.558333'))).toBe(558);
    // 0.5 × 13.45 = 6.725 → 6.73 (half up; binary floating point would give 6.72)
    expect(lineFen(parseCnt('0.5'), parsePric('13.45'))).toBe(673);
    // 0.4167 of a box at 13.40: 5.58378 → 5.58
    expect(lineFen(parseCnt('0.4167'), parsePric('13.40'))).toBe(558);
    expect(lineFen(parseCnt('0.0001'), parsePric('0.000001'))).toBe(0);
    expect(lineFen(parseCnt('3'), parsePric('0.001666'))).toBe(0);
    expect(lineFen(parseCnt('3'), parsePric('0.001667'))).toBe(1);
  });

  it('an item line: price wins over priceFen; the total sums rounded lines', () => {
    expect(itemLine({ qty: 2, priceFen: 1340 }).fen).toBe(2680);
    expect(itemLine({ qty: '0.5', priceFen: 1345, price: '13.45' }).fen).toBe(673);
    expect(itemsTotalFen([{ code: 'A', qty: 10, price: '0.558333' }, { code: 'B', qty: '0.5', price: '13.45' }])).toBe(1231);
  });
});
