/**
 * 3201 对总账 reconciliation totals: the terminal's totals for a day range
 * (China Standard Time days) against the ledger's booked 2102s of this
 * pharmacy (cancelled and reversed ones excluded). `acct_pay` counts the
 * patient's own account only, as in `setlinfo`.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { DAY, fen, obj, str } from '../input.js';
import { bad } from '../refusal.js';
import { fenToYuan } from '../../gateway/money.js';


interface Prepared {
  begin: string;
  end: string;
  totalFen: number;
  acctPayFen: number;
  count: number;
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
    return { begin, end, totalFen: fen(data, 'medfee_sumamt'), acctPayFen: fen(data, 'acct_pay'), count: Number(cnt) };
  },
  apply(ctx, p) {
    const t = ctx.ledger.totals(ctx.env.fixmedins_code, p.begin, p.end);
    const balanced = t.totalFen === p.totalFen && t.acctPayFen === p.acctPayFen && t.count === p.count;
    return {
      output: {
        stmt_rslt: balanced ? '0' : '1',
        medfee_sumamt: fenToYuan(t.totalFen),
        acct_pay: fenToYuan(t.acctPayFen),
        fixmedins_setl_cnt: t.count,
      },
    };
  },
};
