/**
 * 3505 商品销售 (goods sale) and 3506 商品销售退货 (sales return) of one sold
 * line with its drug traceability codes (`drugtracinfo`), and the business
 * verdict of their answers (`retRslt`/`msgRslt`). Pure.
 *
 * The fields are those of the national interface as public clients send
 * them (docs/national-sale.md names each client): binzhe12123/Medical
 * `YPXS3505.cs`, openhis `Medical3505Param`/`Medical3506Param`, hsa-his
 * `InsureGoodSell`; the required set is the one a platform mock written to
 * the platform's 07号文 checks (16 fields, `setl_id` when
 * `mdtrt_setl_type` is 1).
 *
 * @module
 */
import { GatewayError } from '../errors.js';
import type { SaleUpload } from '../types.js';
import type { Codec } from './codec.js';
import { TRACE_CODE } from '../trace-fields.js';


export function invalid(field: string, reason: string): GatewayError {
  return new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field, reason } });
}

/** `prsc_dr_name` without a prescriber (an OTC sale): the platform mock refuses a blank one. */
export const NO_PRESCRIBER = '无';

export function checkCodes(u: SaleUpload): void {
  if (!u.setlId) throw invalid('setlId', 'required');
  if (u.traceCodes.length === 0) throw invalid('traceCodes', 'at least one');
  for (const c of u.traceCodes) if (!TRACE_CODE.test(c)) throw invalid('traceCodes', 'each is 20 digits');
  if (new Set(u.traceCodes).size !== u.traceCodes.length) throw invalid('traceCodes', 'a code appears twice');
}

/** The line fields 3505 and 3506 share. */
export function lineFields(u: SaleUpload): Record<string, unknown> {
  const i = u.item;
  const batch = (i.stockBatch ?? i.lot ?? '').slice(0, 30);
  return {
    med_list_codg: i.code,
    fixmedins_hilist_id: i.localCode ?? i.code,
    fixmedins_hilist_name: i.name ?? i.code,
    fixmedins_bchno: batch,
    setl_id: u.setlId,
    psn_no: u.psnNo,
    psn_cert_type: '01',
    manu_lotnum: i.lot ?? '',
    manu_date: i.madeOn ?? '',
    expy_end: i.expiresOn ?? '',
    rx_flag: i.rx ? '1' : '0',
    trdn_flag: u.partPack ? '1' : '0',
    finl_trns_pric: i.price,
    sel_retn_cnt: String(i.qty),
    sel_retn_opter_name: u.opterName,
    mdtrt_sn: u.saleMsgid,
    drugtracinfo: u.traceCodes.map((c) => ({ drug_trac_codg: c })),
  };
}

/** 3505 `selinfo`. */
export function toSaleUploadInput(u: SaleUpload): { selinfo: Record<string, unknown> } {
  checkCodes(u);
  const rx = u.item.prescription;
  return {
    selinfo: {
      ...lineFields(u),
      prsc_dr_name: rx?.doctorName ?? NO_PRESCRIBER,
      phar_name: u.pharmacist?.name ?? '',
      phar_prac_cert_no: u.pharmacist?.certNo ?? '',
      // 医保费用结算类型 1 and 就医结算类型 1: settled by the insurance, so setl_id is required.
      hi_feesetl_type: '1',
      mdtrt_setl_type: '1',
      ...(rx?.rxno ? { rxno: rx.rxno } : {}),
      rx_circ_flag: rx?.external ? '1' : '0',
      rtal_docno: u.saleMsgid,
      sel_retn_time: u.saleTime,
    },
  };
}

/**
 * The business verdict of a 3505/3506 answer: `retRslt` and `msgRslt`, read
 * in `output.result` (the platform mock written to 07号文) or in `output`
 * (other clients read it there). An answer without either is accepted
 * (gateways that answer success with no output).
 */
export function uploadVerdict(output: Record<string, unknown> | undefined): { accepted: boolean; message?: string } {
  const result = output?.result;
  const from = typeof result === 'object' && result !== null && !Array.isArray(result) ? (result as Record<string, unknown>) : output;
  const ret = from?.retRslt ?? output?.retRslt;
  const msg = from?.msgRslt ?? output?.msgRslt;
  const message = typeof msg === 'string' && msg !== '' ? msg.slice(0, 500) : undefined;
  if (ret === undefined || ret === null || ret === '') return message === undefined ? { accepted: true } : { accepted: true, message };
  const accepted = String(ret) !== '0';
  return message === undefined ? { accepted } : { accepted, message };
}

export const saleUpload3505: Codec<SaleUpload, void> = {
  infno: '3505',
  input: (u) => toSaleUploadInput(u),
  read({ output, msgid }) {
    checkVerdict(output, msgid);
  },
};

/** A 3505/3506 answer the gateway did not accept (`retRslt` 0) is a refusal with its reason. */
export function checkVerdict(output: Record<string, unknown>, msgid: string): void {
  const v = uploadVerdict(output);
  if (v.accepted) return;
  throw new GatewayError('GATEWAY_UPLOAD_REJECTED', {
    outcome: 'refused',
    msgid,
    httpStatus: 200,
    ...(v.message !== undefined ? { errMsg: v.message } : {}),
    details: { msgid, retRslt: '0', ...(v.message !== undefined ? { msgRslt: v.message } : {}) },
  });
}
