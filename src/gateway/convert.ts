/**
 * Between the SDK's fen-typed requests and results (types.ts) and the
 * yuan-typed wire shapes (wire.ts). Requests are checked before anything is
 * sent (`GATEWAY_REQUEST_INVALID`); an answer that does not convert is an
 * unknown outcome, since the gateway did answer success.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { GatewayError } from './errors.js';
import { fenToYuan, yuanToFen } from './money.js';
import { unreadable } from './answer.js';
import { drugTracCodg, drugTracInfo, traceCounts } from './trace-fields.js';
import { cntText, itemLine, pricText } from './quantity.js';
import { readSetlinfo } from './setlinfo.js';
import type { Identity, Insurance, PersonInfo, PersonInfoRequest, SaleItem, Settlement, SettleRequest } from './types.js';

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
import type { DrugDetail, PersonInfoInput, SettleInput, Yuan } from './wire.js';
import type { PinBlockCarriage } from './profile/types.js';

function invalidRequest(field: string, reason: string): GatewayError {
  return new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field, reason } });
}

const isFen = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.length > 0;

/** `mdtrt_cert_no` is at most 50 characters in the national interface. */
export const MDTRT_CERT_NO_MAX = 50;

/**
 * `mdtrt_cert_no` for a credential text: itself when it fits in 50
 * characters (a national ecToken, an id number), else a reference `R` +
 * 43 characters of base64url SHA-256 of the text, with the text itself in
 * the extension field `mdtrt_cert_ext` (our signed `YBV1:` vouchers are
 * about 400 characters).
 */
export function certFields(text: string): { mdtrt_cert_no: string; mdtrt_cert_ext?: string } {
  if (text.length <= MDTRT_CERT_NO_MAX) return { mdtrt_cert_no: text };
  return { mdtrt_cert_no: certRef(text), mdtrt_cert_ext: text };
}

export function certRef(text: string): string {
  return `R${createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 43)}`;
}

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

/** 1101 `data`: the seven national inputs (blank when not given), plus `mdtrt_cert_ext` for a long voucher. */
export function toPersonInfoInput(req: PersonInfoRequest): PersonInfoInput {
  if (!nonEmpty(req.mdtrtCertNo)) throw invalidRequest('mdtrtCertNo', 'required');
  const type = req.mdtrtCertType ?? '01';
  if (type !== '01' && type !== '02' && type !== '03') throw invalidRequest('mdtrtCertType', '01, 02 or 03');
  if (type === '03' && !nonEmpty(req.cardSn)) throw invalidRequest('cardSn', 'required for a social security card (03)');
  if (req.begntime !== undefined && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(req.begntime)) throw invalidRequest('begntime', 'yyyy-MM-dd HH:mm:ss');
  const cert = type === '01' ? certFields(req.mdtrtCertNo) : { mdtrt_cert_no: req.mdtrtCertNo };
  if (cert.mdtrt_cert_no.length > MDTRT_CERT_NO_MAX) throw invalidRequest('mdtrtCertNo', 'at most 50 characters');
  return {
    data: {
      mdtrt_cert_type: type,
      mdtrt_cert_no: cert.mdtrt_cert_no,
      card_sn: req.cardSn ?? '',
      begntime: req.begntime ?? '',
      psn_cert_type: req.psnCertType ?? '',
      certno: req.certno ?? '',
      psn_name: req.psnName ?? '',
      ...(cert.mdtrt_cert_ext !== undefined ? { mdtrt_cert_ext: cert.mdtrt_cert_ext } : {}),
    },
  };
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

/** An optional text field: absent, null or "" is undefined. */
function opt(obj: Record<string, unknown>, name: string): string | undefined {
  const v = obj[name];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
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

/** `setlinfo` of 2102/5203 → Settlement (see setlinfo.ts for what is strict). */
export function toSettlement(output: Record<string, unknown>, msgid: string): Settlement {
  return readSetlinfo(output, msgid);
}

/** A list that a real gateway may send as one object, or leave blank. */
function listOf(output: Record<string, unknown>, name: string, msgid: string, required: boolean): Record<string, unknown>[] {
  const v = output[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw unreadable(`missing ${name}`, msgid);
    return [];
  }
  const list = Array.isArray(v) ? v : [v];
  return list.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw unreadable(`${name} entry`, msgid);
    return raw as Record<string, unknown>;
  });
}

function assignDefined<T extends object>(target: T, values: Partial<T>): T {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  return target;
}

/** 1101 output → PersonInfo. `balc` blank is 0 (a resident without an account). */
export function toPersonInfo(output: Record<string, unknown>, msgid: string): PersonInfo {
  const base = object(output, 'baseinfo', msgid);
  const insurances = listOf(output, 'insuinfo', msgid, true).map((r): Insurance => {
    const balc = r.balc;
    const ins: Insurance = {
      insutype: str(r, 'insutype', msgid),
      balanceFen: balc === undefined || balc === null || balc === '' ? 0 : fen(r, 'balc', msgid),
      status: str(r, 'psn_insu_stas', msgid),
      insuplcAdmdvs: opt(r, 'insuplc_admdvs') ?? '',
    };
    return assignDefined(ins, {
      psnType: opt(r, 'psn_type'),
      insuDate: opt(r, 'psn_insu_date'),
      pausInsuDate: opt(r, 'paus_insu_date'),
      cvlservFlag: opt(r, 'cvlserv_flag'),
      empName: opt(r, 'emp_name'),
    });
  });
  const identities = listOf(output, 'idetinfo', msgid, false).map((r): Identity =>
    assignDefined<Identity>(
      { psnIdetType: str(r, 'psn_idet_type', msgid) },
      { psnTypeLv: opt(r, 'psn_type_lv'), memo: opt(r, 'memo'), begntime: opt(r, 'begntime'), endtime: opt(r, 'endtime') },
    ),
  );
  const person: PersonInfo = {
    psnNo: str(base, 'psn_no', msgid),
    name: str(base, 'psn_name', msgid),
    certno: str(base, 'certno', msgid),
    insurances,
    identities,
  };
  return assignDefined(person, { psnCertType: opt(base, 'psn_cert_type'), gend: opt(base, 'gend'), brdy: opt(base, 'brdy') });
}

export { str as textField };
