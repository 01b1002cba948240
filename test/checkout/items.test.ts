import { describe, expect, it } from 'vitest';
import { AMOUNT_ONLY_CODE, saleLines } from '../../src/checkout/items.js';

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
