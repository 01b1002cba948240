/**
 * 3201 对总账 reconciliation totals: the terminal's totals for a day range
 * (China Standard Time days) against the ledger's booked 2102s of this
 * pharmacy (cancelled and reversed ones excluded). `acct_pay` counts the
 * patient's own account only, as in `setlinfo`.
 *
 * National shape: per `insutype` + `clr_type` + `setl_optins` (the
 * clearing region: the insured person's, so an 异地 sale clears apart),
 * with `fund_pay_sumamt` and `refd_setl_flag` (1 or absent: standing sales
 * only, a cancelled sale and its cancel both left out, as the platform mock
 * counts "未撤销" settlements; 0: cancels counted as negative settlements);
 * answered in `stmtinfo{setl_optins, stmt_rslt, stmt_rslt_dscr}`. Without `insutype` (version 1 terminals) every
 * insurance type counts and `fund_pay_sumamt` is not compared. The gateway's
 * own totals also go at the top level of the output: an extension, which
 * the national answer profile leaves out.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { DAY, fen, obj, optStr, str } from '../input.js';
import { bad } from '../refusal.js';
import { fenToYuan } from '../../gateway/money.js';

interface Prepared {
  begin: string;
  end: string;
  totalFen: number;
  fundPayFen: number | undefined;
  acctPayFen: number;
  count: number;
  insutype: string | undefined;
  clrType: string | undefined;
  setlOptins: string;
  /** refd_setl_flag 0: cancels count (negative), cancelled sales too. */
  withRefunds: boolean;
}

export const reconcile: Handler<Prepared> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    const begin = str(data, 'stmt_begndate', DAY);
    const end = str(data, 'stmt_enddate', DAY);
    if (end < begin) throw bad('stmt_enddate is before stmt_begndate');
    const cnt = data.fixmedins_setl_cnt;
    if (!/^(0|[1-9][0-9]{0,8})$/.test(String(cnt)) || (typeof cnt !== 'number' && typeof cnt !== 'string')) {
      throw bad('fixmedins_setl_cnt');
    }
    const insutype = optStr(data, 'insutype', /^[0-9]{3}$/);
    let clrType: string | undefined;
    let refd: string | undefined;
    if (insutype !== undefined) {
      // The national shape: all of clr_type, setl_optins and fund_pay_sumamt come with insutype.
      clrType = str(data, 'clr_type', /^[0-9]{2,6}$/);
      str(data, 'setl_optins', /^[0-9]{6}$/);
      refd = optStr(data, 'refd_setl_flag', /^[01]$/);
    }
    return {
      begin,
      end,
      totalFen: fen(data, 'medfee_sumamt'),
      fundPayFen: insutype === undefined ? undefined : fen(data, 'fund_pay_sumamt'),
      acctPayFen: fen(data, 'acct_pay'),
      count: Number(cnt),
      insutype,
      clrType,
      setlOptins: optStr(data, 'setl_optins', /^[0-9]{6}$/) ?? ctx.env.mdtrtarea_admvs,
      withRefunds: refd === '0',
    };
  },
  apply(ctx, p) {
    const t = p.insutype === undefined
      ? ctx.ledger.totals(ctx.env.fixmedins_code, p.begin, p.end)
      : ctx.ledger.totals(ctx.env.fixmedins_code, p.begin, p.end, p.insutype, { clrType: p.clrType, setlOptins: p.setlOptins, withRefunds: p.withRefunds });
    const differ: string[] = [];
    if (t.totalFen !== p.totalFen) differ.push('医疗费总额');
    if (p.fundPayFen !== undefined && t.fundPayFen !== p.fundPayFen) differ.push('基金支付总额');
    if (t.acctPayFen !== p.acctPayFen) differ.push('个人账户支付金额');
    if (t.count !== p.count) differ.push('结算笔数');
    const balanced = differ.length === 0;
    return {
      output: {
        stmtinfo: {
          setl_optins: p.setlOptins,
          stmt_rslt: balanced ? '0' : '1',
          stmt_rslt_dscr: balanced ? '对账平' : `对账不平：${differ.join('、')}不一致`,
        },
        medfee_sumamt: fenToYuan(t.totalFen),
        fund_pay_sumamt: fenToYuan(t.fundPayFen),
        acct_pay: fenToYuan(t.acctPayFen),
        fixmedins_setl_cnt: t.count,
        stmt_rslt: balanced ? '0' : '1',
      },
    };
  },
};
