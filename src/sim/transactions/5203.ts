/**
 * 5203 结算信息查询 settlement query: nationally by `setl_id` + `mdtrt_id`;
 * by the original msgid `omsgid` as an extension (what a terminal that never
 * got its answer knows). Answers the `setlinfo` (with the national fields and
 * `setldetail`) of a 2102 that is booked or cancelled, plus its `state`
 * (extension); NOT_FOUND when it never booked or was reversed.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { MSGID, obj, optStr, str } from '../input.js';
import { bookingAmounts, type BookingRow } from '../ledger/ledger.js';
import { SimRefusal, bad } from '../refusal.js';
import { setldetail, setlinfo } from './settle.js';

type Prepared = { psnNo: string; omsgid: string } | { psnNo: string; setlId: string; mdtrtId: string };

export const query: Handler<Prepared> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    const psnNo = str(data, 'psn_no', /^[A-Za-z0-9]{1,32}$/);
    const setlId = optStr(data, 'setl_id', /^.{1,64}$/);
    if (setlId !== undefined) return { psnNo, setlId, mdtrtId: str(data, 'mdtrt_id', /^.{1,64}$/) };
    const omsgid = optStr(data, 'omsgid', MSGID);
    if (omsgid === undefined) throw bad('setl_id + mdtrt_id (or the extension omsgid) required');
    return { psnNo, omsgid };
  },
  apply(ctx, p) {
    const { ledger } = ctx;
    let b: BookingRow | undefined;
    if ('omsgid' in p) b = ledger.booking(ctx.kid, p.omsgid);
    else {
      b = ledger.settlementBySetlId(p.setlId);
      if (b && b.mdtrt_id !== p.mdtrtId) b = undefined;
    }
    if (!b || b.infno !== '2102' || b.state === 'reversed' || b.psn_no !== p.psnNo || b.fixmedins_code !== ctx.env.fixmedins_code) {
      throw new SimRefusal('NOT_FOUND');
    }
    const person = ledger.person(b.psn_no);
    const amounts = bookingAmounts(b);
    const extras = person ? { setlTime: b.booked_at, medinsSetlId: b.msgid, insutype: person.insutype, clrOptins: person.reg } : undefined;
    const info = setlinfo({ setlId: b.setl_id, mdtrtId: b.mdtrt_id }, b.psn_no, amounts, extras);
    return { output: { setlinfo: { ...info, refd_setl_flag: b.state === 'cancelled' ? '1' : '0', state: b.state }, setldetail: setldetail(amounts.fundPayFen) } };
  },
};
