/**
 * One reader for `setlinfo` (2101, 2102, 2103, 5203) as real gateways send
 * it. Primary amounts (the total, and who pays it: fund, personal account,
 * cash) are strict: missing, blank or malformed is an unknown outcome.
 * Secondary amounts (`acct_mulaid_pay`, `balc`, the fund breakdown) read
 * `""`, `null` or missing as 0. Known aliases: `cash_payamt` for
 * `psn_cash_pay`; without either, cash is `psn_pay - acct_pay -
 * acct_mulaid_pay` (`psn_pay` is everything the person paid). The national
 * fields beyond ours are kept in `national`.
 *
 * @module
 */
import { answerMismatch } from './answer-mismatch.js';
import { unreadable } from './unreadable.js';
import { yuanToFen } from './money.js';
import { blank, optText } from './read.js';
import type { NationalSetlInfo, Settlement } from './types.js';
import type { Yuan } from './wire.js';

type Obj = Record<string, unknown>;


function amount(obj: Obj, name: string, msgid: string, signed: boolean): number {
  try {
    return yuanToFen(obj[name] as Yuan, { signed });
  } catch (cause) {
    throw unreadable(`${name} is not an amount`, msgid, cause);
  }
}

/** A primary amount: the first of `names` present; blank or missing is unreadable. */
function primary(obj: Obj, names: readonly string[], msgid: string, signed = false): number {
  const name = names.find((n) => !blank(obj[n]));
  if (name === undefined) throw unreadable(`missing ${names[0]!}`, msgid);
  return amount(obj, name, msgid, signed);
}

/** A secondary amount: blank or missing is 0. */
function secondary(obj: Obj, name: string, msgid: string, signed = false): number {
  return blank(obj[name]) ? 0 : amount(obj, name, msgid, signed);
}

function text(obj: Obj, name: string, msgid: string, required: boolean): string {
  const v = obj[name];
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) {
    if (required && v === '') throw unreadable(`${name} is blank`, msgid);
    return String(v);
  }
  if (!required && blank(v)) return '';
  throw unreadable(required && v === undefined ? `missing ${name}` : `${name} is not a string`, msgid);
}

export function setlinfoObject(output: Obj, msgid: string): Obj {
  const s = output.setlinfo;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw unreadable(s === undefined ? 'missing setlinfo' : 'setlinfo is not an object', msgid);
  return s as Obj;
}

/** Cash paid (signed): `psn_cash_pay`, else `cash_payamt`, else derived from `psn_pay`. */
function cash(s: Obj, msgid: string, acctFen: number, mulaidFen: number): number {
  if (!blank(s.psn_cash_pay) || !blank(s.cash_payamt)) return primary(s, ['psn_cash_pay', 'cash_payamt'], msgid, true);
  if (blank(s.psn_pay)) throw unreadable('missing psn_cash_pay', msgid);
  return amount(s, 'psn_pay', msgid, true) - acctFen - mulaidFen;
}

function national(s: Obj, msgid: string, signed: boolean): NationalSetlInfo {
  const n: NationalSetlInfo = {};
  const texts = [
    ['setl_time', 'setlTime'],
    ['medins_setl_id', 'medinsSetlId'],
    ['clr_type', 'clrType'],
    ['clr_way', 'clrWay'],
    ['clr_optins', 'clrOptins'],
    ['insutype', 'insutype'],
    ['psn_type', 'psnType'],
    ['refd_setl_flag', 'refdSetlFlag'],
  ] as const;
  for (const [wire, key] of texts) {
    const v = optText(s, wire);
    if (v !== undefined) n[key] = v;
  }
  if (!blank(s.psn_pay)) n.psnPayFen = amount(s, 'psn_pay', msgid, signed);
  if (!blank(s.hifp_pay)) n.hifpPayFen = amount(s, 'hifp_pay', msgid, signed);
  if (!blank(s.inscp_scp_amt)) n.inscpScpAmtFen = amount(s, 'inscp_scp_amt', msgid, signed);
  if (!blank(s.fulamt_ownpay_amt)) n.fulamtOwnpayAmtFen = amount(s, 'fulamt_ownpay_amt', msgid, signed);
  if (!blank(s.psn_part_amt)) n.psnPartFen = amount(s, 'psn_part_amt', msgid, signed);
  if (!blank(s.hosp_part_amt)) n.hospPartFen = amount(s, 'hosp_part_amt', msgid, signed);
  return n;
}

/** `setldetail[]` (fund breakdown) of an output, when it has one. */
function setldetail(output: Obj, msgid: string, signed: boolean): NationalSetlInfo['setldetail'] {
  const list = output.setldetail;
  if (blank(list)) return undefined;
  if (!Array.isArray(list)) throw unreadable('setldetail is not a list', msgid);
  return list.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) throw unreadable('setldetail entry', msgid);
    const d = raw as Obj;
    const entry: NonNullable<NationalSetlInfo['setldetail']>[number] = {
      fundPayType: text(d, 'fund_pay_type', msgid, false),
      fundPayamtFen: secondary(d, 'fund_payamt', msgid, signed),
    };
    const name = optText(d, 'fund_pay_type_name');
    if (name !== undefined) entry.fundPayTypeName = name;
    return entry;
  });
}

export interface SetlinfoReadOptions {
  /** 2101 answers before anything is booked: `setl_id`/`mdtrt_id` may be absent. Default true. */
  idsRequired?: boolean;
  /** 2103 refunds: negative amounts allowed, read as their magnitude. Default false. */
  refund?: boolean;
}

/**
 * The amounts of a `setlinfo` as sent (signed, fen), for the checks of
 * answer-checks.ts. `total` and `fund` are undefined when a refund left them
 * blank; `psnPart` (`psn_part_amt`, else `psn_pay`) when the answer has none.
 */
export interface SetlinfoParts {
  total: number | undefined;
  fund: number | undefined;
  acct: number;
  mulaid: number;
  cash: number;
  hosp: number;
  psnPart: number | undefined;
}

/** `setlinfo` (+ `setldetail`) → Settlement, and the signed parts it was read from. Refund amounts come back positive. */
export function readSetlinfoParts(output: Obj, msgid: string, options: SetlinfoReadOptions = {}): { settlement: Settlement; parts: SetlinfoParts } {
  const s = setlinfoObject(output, msgid);
  const ids = options.idsRequired ?? true;
  const refund = options.refund ?? false;
  const acct = primary(s, ['acct_pay'], msgid, true);
  const mulaid = secondary(s, 'acct_mulaid_pay', msgid, true);
  // A refund may leave the cash out entirely (nothing to hand back); a sale may not.
  const noCash = blank(s.psn_cash_pay) && blank(s.cash_payamt) && blank(s.psn_pay);
  const opt = (name: string): number | undefined => (blank(s[name]) ? undefined : amount(s, name, msgid, true));
  const parts: SetlinfoParts = {
    total: refund ? opt('medfee_sumamt') : primary(s, ['medfee_sumamt'], msgid, true),
    fund: refund ? opt('fund_pay_sumamt') : primary(s, ['fund_pay_sumamt'], msgid, true),
    acct,
    mulaid,
    cash: refund && noCash ? 0 : cash(s, msgid, acct, mulaid),
    hosp: opt('hosp_part_amt') ?? 0,
    psnPart: opt('psn_part_amt') ?? opt('psn_pay'),
  };
  checkSigns(parts, refund, msgid);
  const mag = Math.abs;
  const settlement: Settlement = {
    setlId: text(s, 'setl_id', msgid, ids),
    mdtrtId: text(s, 'mdtrt_id', msgid, ids),
    psnNo: text(s, 'psn_no', msgid, !refund),
    totalFen: mag(parts.total ?? 0),
    fundPayFen: mag(parts.fund ?? 0),
    acctPayFen: mag(acct),
    acctMulaidPayFen: mag(mulaid),
    cashFen: mag(parts.cash),
    balanceFen: secondary(s, 'balc', msgid),
  };
  const n = national(s, msgid, true);
  for (const k of ['psnPayFen', 'psnPartFen', 'hospPartFen', 'hifpPayFen', 'inscpScpAmtFen', 'fulamtOwnpayAmtFen'] as const) {
    const v = n[k];
    if (v !== undefined) n[k] = mag(v);
  }
  const detail = setldetail(output, msgid, refund);
  if (detail) n.setldetail = detail;
  if (Object.keys(n).length > 0) settlement.national = n;
  return { settlement, parts };
}

/**
 * A sale's parts are never below 0, and a refund's all carry one sign
 * (real gateways send refunds negative or positive, never mixed).
 */
function checkSigns(parts: SetlinfoParts, refund: boolean, msgid: string): void {
  const named: Array<[string, number | undefined]> = [
    ['medfee_sumamt', parts.total],
    ['fund_pay_sumamt', parts.fund],
    ['acct_pay', parts.acct],
    ['acct_mulaid_pay', parts.mulaid],
    ['psn_cash_pay', parts.cash],
    ['hosp_part_amt', parts.hosp],
    ['psn_part_amt', parts.psnPart],
  ];
  const negative = named.filter(([, v]) => v !== undefined && v < 0).map(([name]) => name);
  const positive = named.some(([, v]) => v !== undefined && v > 0);
  if (negative.length > 0 && (!refund || positive)) {
    throw answerMismatch('GATEWAY_ANSWER_NEGATIVE_PART', msgid, { fields: negative });
  }
}

/** `setlinfo` (+ `setldetail`) → Settlement. Refund amounts come back positive. */
export function readSetlinfo(output: Obj, msgid: string, options: SetlinfoReadOptions = {}): Settlement {
  return readSetlinfoParts(output, msgid, options).settlement;
}
