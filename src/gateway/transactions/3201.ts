/**
 * 3201 对总账 reconciliation totals; dates are `yyyy-MM-dd`. With
 * `insutype`, the national shape: per insurance type + clearing type +
 * settlement agency (defaults 41 pharmacy purchases and the pharmacy's
 * region) with `fund_pay_sumamt`. Without it, every insurance type together
 * (the extension the journal's day totals use). A national answer says only
 * balanced or not (`stmtinfo`); when it carries no totals of its own, a
 * balanced answer means the gateway's totals are the ones sent.
 *
 * @module
 */
import { fenToYuan } from '../money.js';
import { fen, object, textField } from '../read.js';
import { invalidRequest } from '../request.js';
import type { ReconcileRequest, ReconcileResult } from '../types.js';
import { REFD_STANDING_ONLY } from '../reconcile-fields.js';
import type { Codec } from './codec.js';

/** `stmt_rslt`: `0` balanced (the interface's dictionary); `000000` in another (a platform mock's); anything else not. */
export function isBalanced(stmtRslt: string): boolean {
  return stmtRslt === '0' || stmtRslt === '000000';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const reconcile3201: Codec<ReconcileRequest, ReconcileResult> = {
  infno: '3201',
  input(req, ctx) {
    if (!DATE.test(req.beginDate) || !DATE.test(req.endDate)) throw invalidRequest('beginDate/endDate', 'yyyy-MM-dd');
    if (!Number.isSafeInteger(req.count) || req.count < 0) throw invalidRequest('count', 'a count');
    const national = req.insutype !== undefined;
    return {
      data: {
        ...(national ? { insutype: req.insutype, clr_type: req.clrType ?? '41', setl_optins: req.setlOptins ?? ctx.mdtrtAreaAdmvs } : {}),
        stmt_begndate: req.beginDate,
        stmt_enddate: req.endDate,
        medfee_sumamt: fenToYuan(req.totalFen),
        ...(national ? { fund_pay_sumamt: fenToYuan(req.fundPayFen ?? 0) } : {}),
        acct_pay: fenToYuan(req.acctPayFen),
        fixmedins_setl_cnt: req.count,
        ...(national ? { refd_setl_flag: req.refdSetlFlag ?? REFD_STANDING_ONLY } : {}),
      },
    };
  },
  read({ output, msgid }, req) {
    const info = output.stmtinfo !== undefined ? object(output, 'stmtinfo', msgid) : output;
    const balanced = isBalanced(textField(info, 'stmt_rslt', msgid));
    const dscr = info.stmt_rslt_dscr;
    const result: ReconcileResult = { balanced, gateway: { totalFen: req.totalFen, acctPayFen: req.acctPayFen, count: req.count }, totalsFromGateway: false };
    if (output.medfee_sumamt !== undefined && output.acct_pay !== undefined && output.fixmedins_setl_cnt !== undefined) {
      result.gateway = { totalFen: fen(output, 'medfee_sumamt', msgid), acctPayFen: fen(output, 'acct_pay', msgid), count: Number(textField(output, 'fixmedins_setl_cnt', msgid)) };
      result.totalsFromGateway = true;
    }
    if (typeof dscr === 'string' && dscr !== '') result.description = dscr.slice(0, 200);
    return result;
  },
};
