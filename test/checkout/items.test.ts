import { describe, expect, it } from 'vitest';
import { AMOUNT_ONLY_CODE, attachTraceCode, isTraceCode, saleLines } from '../../src/checkout/items.js';
import type { SaleItem } from '../../src/gateway/types.js';

describe('saleLines', () => {
  it('sums items in fen', () => {
    const r = saleLines([{ code: '6901234567892', qty: 2, priceFen: 1340 }], undefined);
    expect(r.totalFen).toBe(2680);
  });
  it('makes one line from an amount alone', () => {
    const r = saleLines(undefined, 999);
    expect(r.items).toEqual([{ code: AMOUNT_ONLY_CODE, name: '药品', qty: 1, priceFen: 999 }]);
  });
  it('refuses an amount that differs from the items', () => {
    expect(() => saleLines([{ code: 'A', qty: 1, priceFen: 100 }], 101)).toThrow(expect.objectContaining({ code: 'CHECKOUT_AMOUNT_MISMATCH' }));
  });
  it('refuses no items and no amount, bad quantities and prices', () => {
    expect(() => saleLines([], undefined)).toThrow(expect.objectContaining({ code: 'CHECKOUT_NO_ITEMS' }));
    expect(() => saleLines([{ code: 'A', qty: 0, priceFen: 1 }], undefined)).toThrow(expect.objectContaining({ code: 'CHECKOUT_BAD_ITEM' }));
    expect(() => saleLines([{ code: 'A', qty: 1.00005, priceFen: 1 }], undefined)).toThrow(expect.objectContaining({ code: 'CHECKOUT_BAD_ITEM' }));
    expect(() => saleLines([{ code: 'A', qty: '1e2', priceFen: 1 }], undefined)).toThrow(expect.objectContaining({ code: 'CHECKOUT_BAD_ITEM' }));
    expect(() => saleLines([{ code: 'A', qty: 1, price: '0.1234567' }], undefined)).toThrow(expect.objectContaining({ code: 'CHECKOUT_BAD_ITEM' }));
    expect(() => saleLines([{ code: 'A', qty: 1, priceFen: -1 }], undefined)).toThrow(expect.objectContaining({ code: 'CHECKOUT_BAD_ITEM' }));
    expect(() => saleLines(undefined, 0)).toThrow(expect.objectContaining({ code: 'CHECKOUT_BAD_ITEM' }));
  });
});

describe('attachTraceCode', () => {
  it('gives each box of a line its own code, in scan order, then the next line', () => {
    const items: SaleItem[] = [
      { code: 'A', qty: 2, priceFen: 100 },
      { code: 'B', qty: 1, priceFen: 100 },
    ];
    const codes = ['81000000000000000001', '81000000000000000002', '81000000000000000003', '81000000000000000004'];
    expect(codes.map((c) => attachTraceCode(items, c))).toEqual([true, true, true, false]);
    expect(items[0]).toMatchObject({ traceCode: codes[0], traceCodes: [codes[0], codes[1]] });
    expect(items[1]).toMatchObject({ traceCode: codes[2], traceCodes: [codes[2]] });
  });
  it('takes the same box scanned twice once', () => {
    const items: SaleItem[] = [{ code: 'A', qty: 2, priceFen: 100 }];
    expect(attachTraceCode(items, '81000000000000000001')).toBe(true);
    expect(attachTraceCode(items, '81000000000000000001')).toBe(true);
    expect(items[0]!.traceCodes).toEqual(['81000000000000000001']);
  });
  it('tells a 20-digit trace code from item codes and national voucher codes', () => {
    expect(isTraceCode('81000000000000000001')).toBe(true);
    expect(isTraceCode('6901234567892')).toBe(false);
    expect(isTraceCode('4243754826492874240001130000')).toBe(false);
  });
});
