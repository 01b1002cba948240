/**
 * The sale input shared by 2101 and 2102: `druginfo` (the person, the
 * credential, the total, the insurance type) and `drugdetail[]` (one line per
 * item, quantities and prices exact), checked before anything is sent.
 *
 * @module
 */
import { certFields } from '../cert-no.js';
import { fenToYuan } from '../money.js';
import { cntText, itemLine, pricText } from '../quantity.js';
import { invalidRequest, isFen, nonEmpty } from '../request.js';
import { drugTracCodg, drugTracInfo, traceCounts } from '../trace-fields.js';
import type { SaleItem, Settlement, SettleRequest } from '../types.js';
import type { PinBlockCarriage } from '../profile/types.js';
import type { DrugDetail, SettleInput } from '../wire.js';

/**
 * Where 2101/2102 carry the drug traceability codes: `drug_trac_info`, a list
 * node beside `drugdetail` with one entry per code (the default: the shape of
 * the newer public integrations, and the only one that fits more than one
 * code per line), or `drug_trac_codg`, the codes of a line comma-joined in
 * its `drugdetail` entry (older integrations; 30 characters where a length is
 * documented, so one code per line).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type TraceCodeShape = 'drug_trac_info' | 'drug_trac_codg';

function checkItem(item: SaleItem, i: number): { cnt: bigint; pric: bigint; fen: number } {
  if (!nonEmpty(item.code)) throw invalidRequest(`items[${i}].code`, 'required');
  return itemLine(item, i);
}

/** Sum of the items' rounded line totals, in fen (throws GATEWAY_REQUEST_INVALID for a bad item). */
export function itemsTotalFen(items: readonly SaleItem[]): number {
  let sum = 0;
  items.forEach((item, i) => {
    sum += checkItem(item, i).fen;
  });
  if (!Number.isSafeInteger(sum)) throw invalidRequest('items', 'amount too large');
  return sum;
}

/**
 * `druginfo` + `drugdetail` (+ the PIN block for 2102, where the profile's
 * `pinBlock` carriage says: our `input.pin_blk`, `druginfo.pin_blk`, or not
 * at all) of a sale. `time` is `inf_time`.
 */
export function toSettleInput(req: SettleRequest, infno: '2101' | '2102', time: string, pinCarriage: PinBlockCarriage = 'input', traceShape: TraceCodeShape = 'drug_trac_info'): SettleInput {
  const certType = req.mdtrtCertType ?? '01';
  if (certType !== '01' && certType !== '02' && certType !== '03') throw invalidRequest('mdtrtCertType', '01, 02 or 03');
  if (certType === '03' && !nonEmpty(req.cardSn)) throw invalidRequest('cardSn', 'required for a social security card (03)');
  if (!nonEmpty(req.voucherText)) throw invalidRequest('voucherText', 'required');
  if (!nonEmpty(req.psnNo)) throw invalidRequest('psnNo', 'required');
  if (!nonEmpty(req.insutype)) throw invalidRequest('insutype', 'required');
  if (!Array.isArray(req.items) || req.items.length === 0) throw invalidRequest('items', 'at least one');
  if (!isFen(req.totalFen)) throw invalidRequest('totalFen', 'integer fen, not negative');
  let sum = 0;
  const feedetlSn = (i: number) => String(i + 1).padStart(4, '0');
  const drugdetail: DrugDetail[] = req.items.map((item, i) => {
    const line = checkItem(item, i);
    sum += line.fen;
    const cnt = cntText(line.cnt);
    const rx = item.prescription;
    const detail: DrugDetail = {
      feedetl_sn: feedetlSn(i),
      ...(rx?.rxno ? { rxno: rx.rxno } : {}),
      // 外购处方标志: 0 unless the line is sold on an outside prescription.
      rx_circ_flag: rx?.external ? '1' : '0',
      fee_ocur_time: time,
      med_list_codg: item.code,
      medins_list_codg: item.localCode ?? item.code,
      // A JSON number, as the interface types it; its text is exact (at most 4 decimals, 16 digits).
      cnt: cnt.replace('.', '').length <= 15 ? Number(cnt) : cnt,
      pric: pricText(line.pric),
      det_item_fee_sumamt: fenToYuan(line.fen),
      ...(rx?.diseCode ? { dise_codg: rx.diseCode } : {}),
      ...(rx?.diseName ? { dise_name: rx.diseName } : {}),
      ...(rx?.doctorCode ? { bilg_dr_codg: rx.doctorCode } : {}),
      ...(rx?.doctorName ? { bilg_dr_name: rx.doctorName } : {}),
    };
    if (traceShape === 'drug_trac_codg') {
      const trac = drugTracCodg(item);
      if (trac !== undefined) detail.drug_trac_codg = trac;
    }
    return detail;
  });
  if (sum !== req.totalFen) throw invalidRequest('totalFen', `items sum to ${sum} fen`);
  const input: SettleInput = {
    druginfo: {
      psn_no: req.psnNo,
      mdtrt_cert_type: certType,
      ...(certType === '01' ? certFields(req.voucherText) : { mdtrt_cert_no: req.voucherText }),
      ...(certType === '03' ? { card_sn: req.cardSn! } : {}),
      med_type: '41',
      // 开始时间: the sale's time, as every public 2101/2102 model sends it.
      begntime: time,
      medfee_sumamt: fenToYuan(req.totalFen),
      insutype: req.insutype,
      acct_used_flag: req.useAccount === false ? '0' : '1',
      ...traceCounts(req.items),
    },
    drugdetail,
  };
  if (traceShape === 'drug_trac_info') {
    const nodes = drugTracInfo(req.items, feedetlSn);
    if (nodes.length > 0) input.drug_trac_info = nodes;
  }
  if (req.payerVoucherText !== undefined) input.druginfo.payer_cert_no = req.payerVoucherText;
  if (infno === '2102') {
    if (req.invono !== undefined) input.druginfo.invono = req.invono;
    if (pinCarriage !== 'none') {
      if (!nonEmpty(req.pinBlock)) throw invalidRequest('pinBlock', 'a settlement needs the sealed PIN block');
      if (pinCarriage === 'druginfo') input.druginfo.pin_blk = req.pinBlock;
      else input.pin_blk = req.pinBlock;
    }
  }
  return input;
}

/** A settlement with the answer's `warn_msg` kept beside the national fields. */
export function withWarn(s: Settlement, warnMsg: string | undefined): Settlement {
  if (warnMsg !== undefined) s.national = { ...s.national, warnMsg };
  return s;
}
