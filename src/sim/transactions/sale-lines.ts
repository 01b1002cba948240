/**
 * What the simulator checks of a 3505/3506 `selinfo`, as the platform does:
 * a required field left blank is a business refusal (`infcode` 0 with
 * `output.result.retRslt` 0 and `msgRslt` naming the field, as a platform
 * mock written to the platform's 07号文 answers), not a malformed message;
 * a malformed value of a field the simulator reads is BAD_REQUEST.
 *
 * @module
 */
import { TRACE_CODE } from '../../gateway/trace-fields.js';
import { obj, str } from '../input.js';
import { bad } from '../refusal.js';

/** 3505's required fields: the platform mock's 16, plus what openhis also fills (expiry, the pharmacist). */
export const SALE_REQUIRED = [
  'fixmedins_hilist_id', 'fixmedins_hilist_name', 'fixmedins_bchno', 'prsc_dr_name', 'hi_feesetl_type', 'mdtrt_sn', 'psn_cert_type',
  'manu_lotnum', 'manu_date', 'rx_flag', 'trdn_flag', 'rtal_docno', 'sel_retn_cnt', 'sel_retn_time', 'sel_retn_opter_name', 'mdtrt_setl_type',
  'expy_end', 'phar_name', 'phar_prac_cert_no',
] as const;

/** 3506's required fields (openhis `Medical3506Param`'s 必填 ones). */
export const RETURN_REQUIRED = [
  'med_list_codg', 'fixmedins_hilist_id', 'fixmedins_hilist_name', 'fixmedins_bchno', 'psn_cert_type', 'manu_lotnum', 'manu_date', 'expy_end',
  'rx_flag', 'trdn_flag', 'sel_retn_cnt', 'sel_retn_time', 'sel_retn_opter_name', 'mdtrt_sn',
] as const;

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v !== 'string' && typeof v !== 'number');

export interface SaleLine {
  setlId: string;
  psnNo: string | undefined;
  medListCodg: string;
  codes: string[];
  /** The first required field left blank, in the mock's words; undefined when complete. */
  rejected: string | undefined;
}

export function readSaleLine(input: Record<string, unknown>, required: readonly string[]): SaleLine {
  const sel = obj(input, 'selinfo');
  let rejected: string | undefined;
  for (const k of required) {
    if (blank(sel[k])) {
      rejected = `销售明细第1行必填缺失: ${k}`;
      break;
    }
  }
  if (rejected === undefined && String(sel.mdtrt_setl_type ?? '1') === '1' && blank(sel.setl_id)) rejected = '销售明细第1行医保结算时 setl_id 必填';
  if (!blank(sel.manu_date)) str(sel, 'manu_date', /^\d{4}-\d{2}-\d{2}$/);
  if (!blank(sel.expy_end)) str(sel, 'expy_end', /^\d{4}-\d{2}-\d{2}$/);
  if (!blank(sel.fixmedins_bchno)) str(sel, 'fixmedins_bchno', /^.{1,30}$/s);
  if (!blank(sel.sel_retn_time)) str(sel, 'sel_retn_time', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const trdn = blank(sel.trdn_flag) ? undefined : str(sel, 'trdn_flag', /^[01]$/);
  const cntText = blank(sel.sel_retn_cnt) ? undefined : str(sel, 'sel_retn_cnt', /^\d{1,12}(\.\d{1,4})?$/);
  const cnt = cntText === undefined ? undefined : Number(cntText);
  if (cnt !== undefined && !(cnt > 0)) throw bad('sel_retn_cnt must be above 0');
  // A fraction of a pack is a split sale; a whole count may be one too (ten tablets of a box).
  if (cnt !== undefined && trdn === '0' && !Number.isInteger(cnt)) throw bad('trdn_flag 0 with a fractional sel_retn_cnt (a fraction of a pack is a split sale, 1)');
  const list = sel.drugtracinfo;
  if (!Array.isArray(list) || list.length === 0) throw bad('drugtracinfo must list the trace codes');
  const codes = list.map((t: unknown) => str((t ?? {}) as Record<string, unknown>, 'drug_trac_codg', TRACE_CODE));
  if (new Set(codes).size !== codes.length) throw bad('drugtracinfo: a code appears twice');
  if (cnt !== undefined && trdn === '0' && codes.length > Math.ceil(cnt)) throw bad('more trace codes than packs sold');
  return {
    setlId: blank(sel.setl_id) ? '' : str(sel, 'setl_id', /^.{1,64}$/),
    psnNo: blank(sel.psn_no) ? undefined : str(sel, 'psn_no', /^[A-Za-z0-9]{1,32}$/),
    medListCodg: str(sel, 'med_list_codg', /^.{1,64}$/),
    codes,
    rejected,
  };
}

/** `output` of a 3505/3506 answer: the business verdict in `result`. */
export const verdict = (rejected: string | undefined): { result: { retRslt: string; msgRslt: string } } =>
  rejected === undefined ? { result: { retRslt: '1', msgRslt: '受理成功' } } : { result: { retRslt: '0', msgRslt: rejected } };
