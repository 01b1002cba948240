/**
 * The wire shapes of gateway.md, with the spec's own field names: the request
 * and response envelopes, each transaction's `input`/`output`. Amounts here
 * are decimal yuan (`Yuan`); convert with money.ts, never with arithmetic.
 *
 * @module
 */
import type { Infno } from './types.js';

/** A decimal yuan amount as JSON carries it: `"26.80"` or `26.8`. */
export type Yuan = string | number;

/** `infver` of this protocol version. */
export const INFVER = 'V1.0';

/** The request envelope (gateway.md "Request envelope"). */
export interface RequestEnvelope<I = unknown> {
  infno: Infno;
  /** fixmedins_code(12) + yyyyMMddHHmmss(14) + seq(4). */
  msgid: string;
  mdtrtarea_admvs: string;
  insuplc_admdvs: string;
  recer_sys_code: string;
  dev_no: string;
  infver: string;
  /** '1' cashier, '2' self-service kiosk. */
  opter_type: string;
  opter: string;
  opter_name: string;
  /** yyyy-MM-dd HH:mm:ss, terminal local time. */
  inf_time: string;
  fixmedins_code: string;
  fixmedins_name: string;
  /** Empty for 9001. */
  sign_no: string;
  /** Device security information; real envelopes carry it, mostly blank. */
  dev_safe_info?: string;
  /** The SM3withSM2 request security profile: the signature (base64) and `SM2`. */
  cainfo?: string;
  signtype?: string;
  /** The channel client id (the `input` SM2 variant). */
  app_id?: string;
  /** `SM4` when `input` travels encrypted, else blank. */
  enc_type?: string;
  input: I;
}

/** The response envelope (gateway.md "Response envelope"). */
export interface ResponseEnvelope<O = unknown> {
  /** 0 success, -1 failure (a number; some gateways send a string). */
  infcode: number | string;
  inf_refmsgid?: string;
  refmsg_time?: string;
  respond_time?: string;
  err_msg?: string;
  /** Extension: stable error code (errors.ts GATEWAY_ERR_CODES). */
  err_code?: string;
  warn_msg?: string | null;
  cainfo?: string | null;
  signtype?: string | null;
  /** PIN_WRONG: tries left (extension). */
  tries_left?: number;
  output?: O;
}

// ---- 9001 / 9002
export interface SignInInput {
  signIn: { opter_no: string; mac: string; ip: string };
}
export interface SignInOutput {
  signinoutb: { sign_time: string; sign_no: string };
}
export interface SignOutInput {
  signOut: { sign_no: string; opter_no: string };
}

// ---- 1101
export interface PersonInfoInput {
  data: {
    mdtrt_cert_type: '01' | '02' | '03';
    /** At most 50 characters. */
    mdtrt_cert_no: string;
    card_sn: string;
    begntime: string;
    psn_cert_type: string;
    certno: string;
    psn_name: string;
    /** Extension: the whole voucher text when it is longer than 50 characters (mdtrt_cert_no then holds its reference). */
    mdtrt_cert_ext?: string;
  };
}
export interface PersonInfoOutput {
  baseinfo: { psn_no: string; psn_name: string; certno: string; psn_cert_type?: string; gend?: string; brdy?: string; age?: Yuan };
  insuinfo: Array<{
    insutype: string;
    balc: Yuan | null;
    psn_insu_stas: string;
    insuplc_admdvs: string;
    psn_type?: string;
    psn_insu_date?: string | null;
    paus_insu_date?: string | null;
    cvlserv_flag?: string;
    emp_name?: string;
  }>;
  idetinfo?: Array<{ psn_idet_type: string; psn_type_lv?: string; memo?: string; begntime?: string; endtime?: string | null }>;
}

// ---- 2101 / 2102
export interface DrugInfo {
  psn_no: string;
  /** 01 voucher (电子凭证), 02 resident id card, 03 social security card. */
  mdtrt_cert_type: '01' | '02' | '03';
  /** 03: the card's serial number. */
  card_sn?: string;
  /** At most 50 characters; see `mdtrt_cert_ext`. */
  mdtrt_cert_no: string;
  /** Extension: the whole voucher text when longer than 50 characters. */
  mdtrt_cert_ext?: string;
  /** '41' pharmacy purchase. */
  med_type: string;
  /** 开始时间 `yyyy-MM-dd HH:mm:ss`: the sale's time. */
  begntime: string;
  medfee_sumamt: Yuan;
  insutype: string;
  /** '1' let the personal account pay, '0' not. */
  acct_used_flag: string;
  payer_cert_no?: string;
  /** 2102 only. */
  invono?: string;
  /** 2102 with the `druginfo` PIN carriage: the sealed PIN block. */
  pin_blk?: string;
  /** Minimum-pack drug trace codes this sale uploads (3505), and consumable trace codes (none here). */
  minpacunt_drug_trac_cnt?: number;
  mcs_trac_cnt?: number;
}
export interface DrugDetail {
  feedetl_sn: string;
  /** 处方号, when the line is sold on a prescription. */
  rxno?: string;
  /** 外购处方标志: '1' an outside prescription, '0' not. */
  rx_circ_flag: '0' | '1';
  dise_codg?: string;
  dise_name?: string;
  /** The prescriber (开单医师). */
  bilg_dr_codg?: string;
  bilg_dr_name?: string;
  /** yyyy-MM-dd HH:mm:ss */
  fee_ocur_time: string;
  med_list_codg: string;
  medins_list_codg: string;
  /** The line's drug traceability codes, comma-separated (the `drug_trac_codg` trace-code shape only). */
  drug_trac_codg?: string;
  /** 16,4. */
  cnt: number | string;
  /** 16,6 yuan. */
  pric: Yuan;
  det_item_fee_sumamt: Yuan;
}
export interface SettleInput {
  druginfo: DrugInfo;
  drugdetail: DrugDetail[];
  /** The sale's drug traceability codes, one node per code (the default trace-code shape). */
  drug_trac_info?: Array<{ feedetl_sn: string; drug_trac_codg: string; trdn_flag: '0' | '1'; min_prcunt_type: '1' | '2' }>;
  /** 2102 only (extension): the sealed PIN block, compact JWE. */
  pin_blk?: string;
}

/** `setlinfo` of 2101/2102/5203 on the wire (yuan). */
export interface SetlInfoWire {
  setl_id: string;
  mdtrt_id: string;
  psn_no: string;
  medfee_sumamt: Yuan;
  fund_pay_sumamt: Yuan;
  acct_pay: Yuan;
  acct_mulaid_pay: Yuan;
  psn_cash_pay: Yuan;
  balc: Yuan;
}
export interface SettleOutput {
  setlinfo: SetlInfoWire;
}

// ---- 2103
export interface CancelInput {
  data: { psn_no: string; setl_id: string; mdtrt_id: string };
}
export interface CancelOutput {
  setlinfo: Pick<SetlInfoWire, 'acct_pay' | 'acct_mulaid_pay' | 'balc'> & Partial<SetlInfoWire>;
}

// ---- 2601
export interface ReverseInput {
  data: { psn_no: string; omsgid: string; oinfno: string };
}

// ---- 3201
export interface ReconcileInput {
  data: {
    insutype: string;
    /** 清算类别; `41` pharmacy purchases (定点药店购药). */
    clr_type: string;
    /** 结算经办机构, a region code. */
    setl_optins: string;
    stmt_begndate: string;
    stmt_enddate: string;
    medfee_sumamt: Yuan;
    fund_pay_sumamt: Yuan;
    acct_pay: Yuan;
    fixmedins_setl_cnt: number;
  };
}
export interface ReconcileOutput {
  stmtinfo: {
    setl_optins?: string;
    /** '0' balanced, '1' not. */
    stmt_rslt: string | number;
    stmt_rslt_dscr?: string;
  };
  /** Extension: the gateway's own totals. */
  medfee_sumamt?: Yuan;
  fund_pay_sumamt?: Yuan;
  acct_pay?: Yuan;
  fixmedins_setl_cnt?: number;
}

// ---- 5203
/** National: by `setl_id` + `mdtrt_id`. Extension: by `omsgid`, the original msgid (what recovery knows). */
export type QueryInput = { data: { psn_no: string; setl_id: string; mdtrt_id: string } } | { data: { psn_no: string; omsgid: string } };
export type QueryOutput = SettleOutput;
