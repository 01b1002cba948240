/**
 * 2103 药店结算撤销 settlement cancel: refunds what the accounts paid for a
 * booked 2102 of this pharmacy and marks it cancelled.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { obj, str } from '../input.js';
import { SimRefusal } from '../refusal.js';
import { cstDay } from '../rules/day.js';

import { bookMovement } from './movement.js';
import { fenToYuan } from '../../gateway/money.js';

interface Prepared {
  psnNo: string;
  setlId: string;
  mdtrtId: string;
}

export const cancel: Handler<Prepared> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    return {
      psnNo: str(data, 'psn_no', /^[A-Za-z0-9]{1,32}$/),
      setlId: str(data, 'setl_id', /^.{1,64}$/),
      mdtrtId: str(data, 'mdtrt_id', /^.{1,64}$/),
    };
  },
  apply(ctx, p) {
    const { ledger, env } = ctx;
    const orig = ledger.settlementBySetlId(p.setlId);
    if (!orig || orig.psn_no !== p.psnNo || orig.mdtrt_id !== p.mdtrtId || orig.fixmedins_code !== env.fixmedins_code) {
      throw new SimRefusal('SETTLEMENT_NOT_FOUND');
    }
    if (orig.state !== 'booked') throw new SimRefusal('ALREADY_CANCELLED');
    const now = ctx.clock();
    const pharmacy = env.fixmedins_name;
    let balanceFen = ledger.balance(orig.psn_no) ?? 0;
    if (orig.acct_pay_fen > 0) balanceFen = bookMovement(ledger, env.msgid, orig.psn_no, orig.acct_pay_fen, 'refund', now, pharmacy);
    if (orig.payer_psn_no !== null) {
      balanceFen = ledger.balance(orig.payer_psn_no) ?? 0;
      if (orig.acct_mulaid_pay_fen > 0) {
        balanceFen = bookMovement(ledger, env.msgid, orig.payer_psn_no, orig.acct_mulaid_pay_fen, 'refund', now, pharmacy);
      }
    }
    ledger.setBookingState(orig.kid, orig.msgid, 'cancelled');
    // Any till of the pharmacy may cancel a sale of another: the cancel remembers the sale's till.
    ledger.addBooking({ ...orig, kid: ctx.kid, msgid: env.msgid, infno: '2103', orig_kid: orig.kid, orig_msgid: orig.msgid, state: 'booked', balance_fen: balanceFen, voucher_jti: null, booked_at: now, day: cstDay(now) });
    return {
      output: {
        setlinfo: {
          setl_id: orig.setl_id,
          mdtrt_id: orig.mdtrt_id,
          psn_no: orig.psn_no,
          medfee_sumamt: fenToYuan(orig.total_fen),
          acct_pay: fenToYuan(orig.acct_pay_fen),
          acct_mulaid_pay: fenToYuan(orig.acct_mulaid_pay_fen),
          psn_cash_pay: fenToYuan(orig.cash_fen),
          balc: fenToYuan(balanceFen),
        },
      },
    };
  },
};
