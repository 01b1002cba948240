/**
 * The national sale's wire fields, pure: 2101/2102 (begntime, rx_circ_flag,
 * prescription fields, both trace-code shapes), 3505/3506 (every required
 * field, trdn_flag from the units), the business verdict read in both
 * places, 3201's balanced dictionary and 1312's pages.
 */
import { describe, expect, it } from 'vitest';
import { toSettleInput } from '../../src/gateway/transactions/drug-input.js';
import { isBalanced } from '../../src/gateway/transactions/3201.js';
import { toCatalogPage, toCatalogPageInput } from '../../src/gateway/catalog.js';
import { isSplitSale, missingBatchFields } from '../../src/gateway/trace-fields.js';
import { toSaleUploadInput, uploadVerdict } from '../../src/gateway/transactions/3505.js';
import { toSaleReturnInput } from '../../src/gateway/transactions/3506.js';
import type { SaleItem, SaleUpload, SettleRequest } from '../../src/gateway/types.js';

const TIME = '2026-11-22 10:00:00';
const codes = ['81000000000000000011', '81000000000000000012'];
const tablets: SaleItem = { code: 'XR05', localCode: '6921168509256', qty: 10, price: '0.558333', partPack: '10/24片', traceCodes: [codes[0]!], lot: 'L1', madeOn: '2025-01-15', expiresOn: '2027-01-14' };
const boxes: SaleItem = {
  code: 'XJ01',
  qty: 2,
  priceFen: 1340,
  traceCodes: [codes[1]!],
  lot: 'L2',
  madeOn: '2025-02-01',
  expiresOn: '2027-02-01',
  rx: true,
  prescription: { rxno: 'RX001', doctorName: '王医生', doctorCode: 'D420100001', diseCode: 'J06.900', diseName: '上呼吸道感染', external: true },
};
const sale = (items: SaleItem[]): SettleRequest => ({ voucherText: 'V', psnNo: 'P1', insutype: '310', insuplcAdmdvs: '420100', items, totalFen: 558 + 2680, pinBlock: 'x.y.z' });

describe('2101/2102', () => {
  it('sends begntime, rx_circ_flag on every line, the prescription fields when given, and drug_trac_info', () => {
    const input = toSettleInput(sale([tablets, boxes]), '2102', TIME);
    expect(input.druginfo.begntime).toBe(TIME);
    expect(input.drugdetail.map((d) => d.rx_circ_flag)).toEqual(['0', '1']);
    expect(input.drugdetail[0]).not.toHaveProperty('rxno');
    expect(input.drugdetail[1]).toMatchObject({ rxno: 'RX001', dise_codg: 'J06.900', dise_name: '上呼吸道感染', bilg_dr_codg: 'D420100001', bilg_dr_name: '王医生' });
    expect(input.drugdetail.some((d) => 'drug_trac_codg' in d)).toBe(false);
    expect(input.drug_trac_info).toEqual([
      { feedetl_sn: '0001', drug_trac_codg: codes[0], trdn_flag: '1', min_prcunt_type: '1' },
      { feedetl_sn: '0002', drug_trac_codg: codes[1], trdn_flag: '0', min_prcunt_type: '2' },
    ]);
  });

  it('keeps the comma-joined drug_trac_codg per line as a profile option', () => {
    const twoBoxes: SaleItem = { ...boxes, traceCodes: codes };
    const input = toSettleInput(sale([{ ...tablets, traceCodes: [] }, twoBoxes]), '2101', TIME, 'input', 'drug_trac_codg');
    expect(input.drug_trac_info).toBeUndefined();
    expect(input.drugdetail[1]!.drug_trac_codg).toBe(codes.join(','));
  });
});

describe('split sale (trdn_flag)', () => {
  it('comes from the units or the part pack, not only from a fractional quantity', () => {
    expect(isSplitSale({ code: 'X', qty: 10, price: '0.558333', partPack: '10/24片' })).toBe(true);
    expect(isSplitSale({ code: 'X', qty: 10, priceFen: 56, packUnit: '盒', saleUnit: '片' })).toBe(true);
    expect(isSplitSale({ code: 'X', qty: 2, priceFen: 1340, packUnit: '盒', saleUnit: '盒' })).toBe(false);
    expect(isSplitSale({ code: 'X', qty: '0.5', priceFen: 1340 })).toBe(true);
    expect(isSplitSale({ code: 'X', qty: 2, priceFen: 1340 })).toBe(false);
  });

  it('a traced line names what it lacks', () => {
    expect(missingBatchFields(tablets)).toEqual([]);
    expect(missingBatchFields({ code: 'X', qty: 1, priceFen: 1, lot: 'L', madeOn: '2025-02-30' })).toEqual(['madeOn', 'expiresOn']);
    expect(missingBatchFields({ code: 'X', qty: 1, priceFen: 1, lot: 'L'.repeat(31), madeOn: '2025-01-01', expiresOn: '2026-01-01' })).toEqual(['lot']);
  });
});

const upload: SaleUpload = {
  setlId: 'S00000000001',
  saleMsgid: 'P42010000001202611221000000001',
  psnNo: 'P1',
  insuplcAdmdvs: '420100',
  line: 1,
  item: { code: 'XR05', localCode: '6921168509256', name: '复方甘草片', qty: 10, price: '0.558333', lot: 'L1', madeOn: '2025-01-15', expiresOn: '2027-01-14', stockBatch: 'KC-2025-0001' },
  traceCodes: [codes[0]!],
  partPack: true,
  saleTime: TIME,
  opterName: '收银员',
  pharmacist: { name: '李药师', certNo: 'YS1' },
};

/** The platform mock's 16 required 3505 fields, plus expy_end and the pharmacist (openhis). */
const REQUIRED_3505 = ['fixmedins_hilist_id', 'fixmedins_hilist_name', 'fixmedins_bchno', 'prsc_dr_name', 'hi_feesetl_type', 'mdtrt_sn', 'psn_cert_type', 'manu_lotnum', 'manu_date', 'rx_flag', 'trdn_flag', 'rtal_docno', 'sel_retn_cnt', 'sel_retn_time', 'sel_retn_opter_name', 'mdtrt_setl_type', 'setl_id', 'expy_end', 'phar_name', 'phar_prac_cert_no'];

describe('3505/3506', () => {
  it('3505 fills every required field, with the stock batch (≤30) and a split sale of a whole count', () => {
    const sel = toSaleUploadInput(upload).selinfo;
    for (const k of REQUIRED_3505) expect(String(sel[k] ?? ''), k).not.toBe('');
    expect(sel).toMatchObject({ fixmedins_bchno: 'KC-2025-0001', manu_lotnum: 'L1', manu_date: '2025-01-15', expy_end: '2027-01-14', trdn_flag: '1', mdtrt_setl_type: '1', prsc_dr_name: '无', rx_circ_flag: '0', sel_retn_cnt: '10', finl_trns_pric: '0.558333' });
    expect(String(sel.fixmedins_bchno).length).toBeLessThanOrEqual(30);
    expect(sel.drugtracinfo).toEqual([{ drug_trac_codg: codes[0] }]);
  });

  it('3506 sends the line back at the return time', () => {
    expect(() => toSaleReturnInput(upload)).toThrow(expect.objectContaining({ code: 'GATEWAY_REQUEST_INVALID' }));
    const sel = toSaleReturnInput({ ...upload, returnTime: '2026-11-22 11:00:00' }).selinfo;
    expect(sel).toMatchObject({ setl_id: upload.setlId, mdtrt_sn: upload.saleMsgid, sel_retn_time: '2026-11-22 11:00:00', manu_lotnum: 'L1', expy_end: '2027-01-14' });
    expect(sel).not.toHaveProperty('rtal_docno');
  });

  it('reads retRslt/msgRslt in output.result and in output', () => {
    expect(uploadVerdict({ result: { retRslt: '0', msgRslt: '销售明细第1行必填缺失: manu_lotnum' } })).toEqual({ accepted: false, message: '销售明细第1行必填缺失: manu_lotnum' });
    expect(uploadVerdict({ retRslt: 0, msgRslt: '拒绝' })).toEqual({ accepted: false, message: '拒绝' });
    expect(uploadVerdict({ result: { retRslt: '1', msgRslt: '受理成功' } })).toEqual({ accepted: true, message: '受理成功' });
    expect(uploadVerdict({})).toEqual({ accepted: true });
  });
});

describe('3201 and 1312', () => {
  it('stmt_rslt 0 and 000000 are balanced, anything else is not', () => {
    expect([isBalanced('0'), isBalanced('000000'), isBalanced('1'), isBalanced('000103')]).toEqual([true, true, false, false]);
  });

  it('1312 pages until a short page or the last one', () => {
    expect(toCatalogPageInput({ insuAdmdvs: '420100', queryDate: '2026-11-22', page: 2, pageSize: 100 })).toEqual({ data: { query_date: '2026-11-22', insu_admdvs: '420100', updt_time: '2000-01-01', page_num: 2, page_size: 100 } });
    const row = { hilist_code: 'XJ01', hilist_name: '阿莫西林胶囊', list_type: '101', vali_flag: '1' };
    expect(toCatalogPage({ data: [row], pageNum: 1, pageSize: 1, pages: 3, recordCounts: 3 }, 'm')).toMatchObject({ page: 1, total: 3, more: true, rows: [{ code: 'XJ01', name: '阿莫西林胶囊', listType: '101', valid: true }] });
    expect(toCatalogPage({ data: [row] }, 'm', 100).more).toBe(false);
  });
});
