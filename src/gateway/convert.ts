/**
 * Between the SDK's fen-typed requests and results (types.ts) and the
 * yuan-typed wire shapes (wire.ts). Requests are checked before anything is
 * sent (`GATEWAY_REQUEST_INVALID`); an answer that does not convert is an
 * unknown outcome, since the gateway did answer success.
 *
 * @module
 */
import { GatewayError } from './errors.js';
import { fenToYuan, yuanToFen } from './money.js';
import { unreadable } from './answer.js';
import { drugTracCodg, traceCounts } from './trace/fields.js';
import type { PersonInfo, SaleItem, Settlement, SettleRequest } from './types.js';
import type { DrugDetail, SettleInput, Yuan } from './wire.js';

function invalidRequest(field: string, reason: string): GatewayError {
  return new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field, reason } });
}

const isFen = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.length > 0;

function checkItem(item: SaleItem, i: number): number {
  if (!nonEmpty(item.code)) throw invalidRequest(`items[${i}].code`, 'required');
  if (typeof item.qty !== 'number' || !Number.isSafeInteger(item.qty) || item.qty <= 0) throw invalidRequest(`items[${i}].qty`, 'a positive integer');
  if (!isFen(item.priceFen)) throw invalidRequest(`items[${i}].priceFen`, 'integer fen, not negative');
  const line = item.qty * item.priceFen;
  if (!Number.isSafeInteger(line)) throw invalidRequest(`items[${i}]`, 'amount too large');
  return line;
}

/** `druginfo` + `drugdetail` (+ `pin_blk` for 2102) of a sale. `time` is `inf_time`. */
export function toSettleInput(req: SettleRequest, infno: '2101' | '2102', time: string): SettleInput {
  if (!nonEmpty(req.voucherText)) throw invalidRequest('voucherText', 'required');
  if (!nonEmpty(req.psnNo)) throw invalidRequest('psnNo', 'required');
  if (!nonEmpty(req.insutype)) throw invalidRequest('insutype', 'required');
  if (!Array.isArray(req.items) || req.items.length === 0) throw invalidRequest('items', 'at least one');
  if (!isFen(req.totalFen)) throw invalidRequest('totalFen', 'integer fen, not negative');
  let sum = 0;
  const drugdetail: DrugDetail[] = req.items.map((item, i) => {
    const line = checkItem(item, i);
    sum += line;
    const detail: DrugDetail = {
      feedetl_sn: String(i + 1).padStart(4, '0'),
      fee_ocur_time: time,
      med_list_codg: item.code,
      medins_list_codg: item.localCode ?? item.code,
      cnt: item.qty,
      pric: fenToYuan(item.priceFen),
      det_item_fee_sumamt: fenToYuan(line),
    };
    const trac = drugTracCodg(item);
    if (trac !== undefined) detail.drug_trac_codg = trac;
    return detail;
  });
  if (sum !== req.totalFen) throw invalidRequest('totalFen', `items sum to ${sum} fen`);
  const input: SettleInput = {
    druginfo: {
      psn_no: req.psnNo,
      mdtrt_cert_type: '01',
      mdtrt_cert_no: req.voucherText,
      med_type: '41',
      medfee_sumamt: fenToYuan(req.totalFen),
      insutype: req.insutype,
      acct_used_flag: req.useAccount === false ? '0' : '1',
      ...traceCounts(req.items),
    },
    drugdetail,
  };
  if (req.payerVoucherText !== undefined) input.druginfo.payer_cert_no = req.payerVoucherText;
  if (infno === '2102') {
    if (req.invono !== undefined) input.druginfo.invono = req.invono;
    if (!nonEmpty(req.pinBlock)) throw invalidRequest('pinBlock', 'a settlement needs the sealed PIN block');
    input.pin_blk = req.pinBlock;
  }
  return input;
}

function field(obj: Record<string, unknown>, name: string, msgid: string): unknown {
  if (!(name in obj)) throw unreadable(`missing ${name}`, msgid);
  return obj[name];
}

function str(obj: Record<string, unknown>, name: string, msgid: string): string {
  const v = field(obj, name, msgid);
  if (typeof v !== 'string' && typeof v !== 'number') throw unreadable(`${name} is not a string`, msgid);
  return String(v);
}

/** Fen of a wire amount; a bad amount in a success answer is an unknown outcome. */
export function fen(obj: Record<string, unknown>, name: string, msgid: string, signed = false): number {
  const v = field(obj, name, msgid);
  try {
    return yuanToFen(v as Yuan, { signed });
  } catch (cause) {
    throw unreadable(`${name} is not an amount`, msgid, cause);
  }
}

export function object(obj: Record<string, unknown>, name: string, msgid: string): Record<string, unknown> {
  const v = field(obj, name, msgid);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw unreadable(`${name} is not an object`, msgid);
  return v as Record<string, unknown>;
}

/** `setlinfo` → Settlement. */
export function toSettlement(output: Record<string, unknown>, msgid: string): Settlement {
  const s = object(output, 'setlinfo', msgid);
  return {
    setlId: str(s, 'setl_id', msgid),
    mdtrtId: str(s, 'mdtrt_id', msgid),
    psnNo: str(s, 'psn_no', msgid),
    totalFen: fen(s, 'medfee_sumamt', msgid),
    fundPayFen: fen(s, 'fund_pay_sumamt', msgid),
    acctPayFen: fen(s, 'acct_pay', msgid),
    acctMulaidPayFen: fen(s, 'acct_mulaid_pay', msgid),
    cashFen: fen(s, 'psn_cash_pay', msgid),
    balanceFen: fen(s, 'balc', msgid),
  };
}

/** 1101 output → PersonInfo. */
export function toPersonInfo(output: Record<string, unknown>, msgid: string): PersonInfo {
  const base = object(output, 'baseinfo', msgid);
  const list = field(output, 'insuinfo', msgid);
  if (!Array.isArray(list)) throw unreadable('insuinfo is not a list', msgid);
  return {
    psnNo: str(base, 'psn_no', msgid),
    name: str(base, 'psn_name', msgid),
    certno: str(base, 'certno', msgid),
    insurances: list.map((raw: unknown) => {
      if (typeof raw !== 'object' || raw === null) throw unreadable('insuinfo entry', msgid);
      const r = raw as Record<string, unknown>;
      return {
        insutype: str(r, 'insutype', msgid),
        balanceFen: fen(r, 'balc', msgid),
        status: str(r, 'psn_insu_stas', msgid),
        insuplcAdmdvs: str(r, 'insuplc_admdvs', msgid),
      };
    }),
  };
}

export { str as textField };
