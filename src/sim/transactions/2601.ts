/**
 * 2601 冲正交易 reversal: voids a 2102 or 2103 of the signing till by its
 * msgid (another till's msgid is never touched). A booked original is undone
 * (money back, notices); an original that never arrived is recorded as void
 * so it can never book later. Repeating it is harmless.
 *
 * Undoing a cancel charges the accounts again, but never below zero: when an
 * account no longer holds what the cancel refunded (the customer spent it),
 * the cancel is KEPT (the sale stays cancelled, nothing is debited) and the
 * answer says `result: "kept"`, so the terminal records the cancel as done.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { MSGID, obj, str } from '../input.js';
import type { BookingRow, Ledger } from '../ledger/ledger.js';
import { bad } from '../refusal.js';
import { bookMovement } from './movement.js';

interface Prepared {
  omsgid: string;
  oinfno: '2102' | '2103';
}

/** Whether every account a cancel refunded still holds the refund. */
function canRecharge(ledger: Ledger, cancel: BookingRow): boolean {
  const covers = (psnNo: string | null, fen: number) => fen <= 0 || psnNo === null || (ledger.balance(psnNo) ?? 0) >= fen;
  return covers(cancel.psn_no, cancel.acct_pay_fen) && covers(cancel.payer_psn_no, cancel.acct_mulaid_pay_fen);
}

export const reverse: Handler<Prepared> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    str(data, 'psn_no', /^[A-Za-z0-9]{0,32}$/);
    const omsgid = str(data, 'omsgid', MSGID);
    const oinfno = str(data, 'oinfno');
    if (oinfno !== '2102' && oinfno !== '2103') throw bad('oinfno must be 2102 or 2103');
    if (!omsgid.startsWith(ctx.env.fixmedins_code)) throw bad('omsgid is not from this pharmacy');
    if (omsgid === ctx.env.msgid) throw bad('a reversal cannot void itself');
    return { omsgid, oinfno };
  },
  apply(ctx, p) {
    const { ledger, env, kid } = ctx;
    const now = ctx.clock();
    const pharmacy = env.fixmedins_name;
    const orig = ledger.booking(kid, p.omsgid);
    ledger.markVoided(kid, p.omsgid, p.oinfno, now);
    if (!orig) return { output: { omsgid: p.omsgid, result: 'voided' } };
    if (orig.state !== 'booked') return { output: { omsgid: p.omsgid, result: orig.state } };
    if (orig.infno === '2102') {
      if (orig.acct_pay_fen > 0) bookMovement(ledger, env.msgid, orig.psn_no, orig.acct_pay_fen, 'refund', now, pharmacy);
      if (orig.payer_psn_no !== null && orig.acct_mulaid_pay_fen > 0) {
        bookMovement(ledger, env.msgid, orig.payer_psn_no, orig.acct_mulaid_pay_fen, 'refund', now, pharmacy);
      }
    } else {
      if (!canRecharge(ledger, orig)) return { output: { omsgid: p.omsgid, result: 'kept' } };
      // Undoing a cancel charges the accounts again and restores the sale.
      if (orig.acct_pay_fen > 0) bookMovement(ledger, env.msgid, orig.psn_no, -orig.acct_pay_fen, 'consumption', now, pharmacy);
      if (orig.payer_psn_no !== null && orig.acct_mulaid_pay_fen > 0) {
        bookMovement(ledger, env.msgid, orig.payer_psn_no, -orig.acct_mulaid_pay_fen, 'consumption', now, pharmacy);
      }
      if (orig.orig_msgid !== null) ledger.setBookingState(orig.orig_kid ?? kid, orig.orig_msgid, 'booked');
    }
    ledger.setBookingState(kid, orig.msgid, 'reversed');
    return { output: { omsgid: p.omsgid, result: 'reversed' } };
  },
};
