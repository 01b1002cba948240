import { describe, expect, it } from 'vitest';
import { buildReceipt } from '../../src/checkout/receipt.js';
import { formatReceipt } from '../../src/checkout/receipt-text.js';
import { saleLines } from '../../src/checkout/items.js';

describe('receipts with part packs (拆零)', () => {
  it('prints exact quantities and prices, the rounded line, and marks the part pack', () => {
    const { items, totalFen } = saleLines(
      [
        { code: 'A', name: '阿莫西林胶囊 0.25g*24', qty: 10, price: '0.558333', partPack: '10/24粒' },
        { code: 'B', name: '复方甘草片', qty: '0.5', priceFen: 1345 },
        { code: 'C', name: '维生素C', qty: 2, priceFen: 350 },
      ],
      undefined,
    );
    expect(totalFen).toBe(558 + 673 + 700);
    const receipt = buildReceipt({
      time: new Date(Date.UTC(2026, 10, 22, 2, 0, 0)),
      pharmacy: { code: 'P42010000001', name: '测试大药房' },
      msgid: 'P42010000001202611221000000001',
      items,
      settlement: { setlId: 'S1', mdtrtId: 'M1', psnNo: 'P1', totalFen, fundPayFen: 0, acctPayFen: totalFen, acctMulaidPayFen: 0, cashFen: 0, balanceFen: 0 },
      patient: { sub: 'SUB1234567890' },
      insuredRegion: '420100',
      pharmacyRegion: '420100',
      channel: 'wechat',
    });
    const text = formatReceipt(receipt, { width: 32 });
    expect(text).toContain('  拆零 10/24粒');
    expect(text).toMatch(/ {2}10 x 0\.558333 +5\.58\n/);
    expect(text).toMatch(/ {2}拆零\n {2}0\.5 x 13\.45 +6\.73\n/);
    expect(text).toMatch(/ {2}2 x 3\.50 +7\.00\n/);
    expect(text.match(/拆零/g)).toHaveLength(2);
    expect(text).toMatch(/合计 +19\.31/);
  });
});
