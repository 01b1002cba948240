/**
 * The national shape of each transaction's `output`, one entry per
 * transaction code. A new transaction adds its entry here (or none: its
 * canonical output then goes out as it is). Shapers receive a deep copy and
 * may change it in place.
 *
 * What real gateways do, as seen in public HIS integrations: amounts are
 * JSON numbers; a secondary amount with nothing in it is `""` (or `null`);
 * a cancel (2103) answers negative amounts, its cash as `cash_payamt` and
 * what the person got back as `psn_pay`; 3201 answers `stmtinfo` only;
 * 2601 has no output; extension fields (`state`, `tries_left`, the 3201
 * totals) do not exist.
 *
 * @module
 */
import { fenToYuan, yuanToFen } from '../../gateway/money.js';

type Obj = Record<string, unknown>;

const fenOf = (v: unknown): number => (typeof v === 'string' || typeof v === 'number' ? yuanToFen(v) : 0);

/** Shapes `output` in place, or returns a replacement (null: no output). */
export type OutputShaper = (output: Obj) => Obj | null | void;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `"26.80"` → 26.8; leaves anything else alone. */
function num(v: unknown): unknown {
  return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

function negate(v: unknown): unknown {
  const n = num(v);
  return typeof n === 'number' && n !== 0 ? -n : n;
}

const SETL_AMOUNTS = ['medfee_sumamt', 'fund_pay_sumamt', 'acct_pay', 'acct_mulaid_pay', 'psn_cash_pay', 'psn_pay', 'hifp_pay', 'balc'];
/** Secondary amounts a real gateway leaves blank when there is nothing in them. */
const BLANK_WHEN_ZERO = ['acct_mulaid_pay'];

function shapeSetlinfo(s: Obj): void {
  delete s.state;
  for (const k of SETL_AMOUNTS) if (k in s) s[k] = num(s[k]);
  for (const k of BLANK_WHEN_ZERO) if (s[k] === 0) s[k] = '';
}

function settlement(output: Obj): void {
  if (isObj(output.setlinfo)) shapeSetlinfo(output.setlinfo);
  for (const d of Array.isArray(output.setldetail) ? output.setldetail : []) if (isObj(d)) d.fund_payamt = num(d.fund_payamt);
}

function cancel(output: Obj): void {
  const s = output.setlinfo;
  if (!isObj(s)) return;
  const cash = s.psn_cash_pay;
  delete s.psn_cash_pay;
  s.cash_payamt = cash;
  s.psn_pay = fenToYuan(fenOf(s.acct_pay) + fenOf(s.acct_mulaid_pay) + fenOf(cash));
  for (const k of ['medfee_sumamt', 'fund_pay_sumamt', 'acct_pay', 'acct_mulaid_pay', 'cash_payamt', 'psn_pay']) if (k in s) s[k] = negate(s[k]);
  s.balc = num(s.balc);
  if (s.acct_mulaid_pay === 0) s.acct_mulaid_pay = '';
}

function personInfo(output: Obj): void {
  for (const i of Array.isArray(output.insuinfo) ? output.insuinfo : []) if (isObj(i)) i.balc = num(i.balc);
}

export const NATIONAL_OUTPUTS: Record<string, OutputShaper> = {
  '1101': personInfo,
  '2101': settlement,
  '2102': settlement,
  '2103': cancel,
  '2601': () => null,
  '3201': (o) => ({ stmtinfo: o.stmtinfo }),
  '3202': (o) => ({ fileinfo: o.fileinfo }),
  '5203': settlement,
};
