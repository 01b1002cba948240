/**
 * 3505 商品销售 (goods sale upload) of one sale line with its drug
 * traceability codes (`drugtracinfo`), sent after the settlement booked.
 * Pure: checks the upload and builds `selinfo`.
 *
 * Fields the SDK does not hold (batch number, production and expiry dates,
 * prescriber) are left out; a gateway that demands them refuses the upload,
 * and the refusal is kept for the technician (see README, Traceability).
 *
 * @module
 */
import { GatewayError } from '../errors.js';
import { fenToYuan } from '../money.js';
import type { SaleUpload } from '../types.js';
import type { Codec } from './codec.js';
import { TRACE_CODE } from '../trace-fields.js';

function invalid(field: string, reason: string): GatewayError {
  return new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field, reason } });
}

export function toSaleUploadInput(u: SaleUpload): { selinfo: Record<string, unknown> } {
  if (!u.setlId) throw invalid('setlId', 'required');
  if (u.traceCodes.length === 0) throw invalid('traceCodes', 'at least one');
  for (const c of u.traceCodes) if (!TRACE_CODE.test(c)) throw invalid('traceCodes', 'each is 20 digits');
  if (new Set(u.traceCodes).size !== u.traceCodes.length) throw invalid('traceCodes', 'a code appears twice');
  return {
    selinfo: {
      med_list_codg: u.item.code,
      fixmedins_hilist_id: u.item.localCode ?? u.item.code,
      fixmedins_hilist_name: u.item.name ?? u.item.code,
      fixmedins_bchno: `${u.saleMsgid}-${u.line}`,
      phar_name: u.pharmacist?.name ?? '',
      phar_prac_cert_no: u.pharmacist?.certNo ?? '',
      hi_feesetl_type: '1',
      setl_id: u.setlId,
      mdtrt_sn: u.saleMsgid,
      psn_no: u.psnNo,
      psn_cert_type: '01',
      rx_flag: '0',
      trdn_flag: u.partPack ? '1' : '0',
      finl_trns_pric: u.item.price,
      rx_circ_flag: '0',
      rtal_docno: u.saleMsgid,
      sel_retn_cnt: String(u.item.qty),
      sel_retn_time: u.saleTime,
      sel_retn_opter_name: u.opterName,
      drugtracinfo: u.traceCodes.map((c) => ({ drug_trac_codg: c })),
    },
  };
}

export const saleUpload3505: Codec<SaleUpload, void> = {
  infno: '3505',
  input: (u) => toSaleUploadInput(u),
  read: () => undefined,
};
