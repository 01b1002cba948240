/**
 * 5203 结算信息查询 settlement query by original msgid (extension): the
 * `setlinfo` of a 2102 that is booked or cancelled (with its `state`);
 * NOT_FOUND when it never booked or was reversed.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { MSGID, obj, str } from '../input.js';
import { bookingAmounts } from '../ledger/ledger.js';
import { SimRefusal } from '../refusal.js';
import { setlinfo } from './settle.js';

interface Prepared {
  psnNo: string;
  omsgid: string;
}

export const query: Handler<Prepared> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    return { psnNo: str(data, 'psn_no', /^[A-Za-z0-9]{1,32}$/), omsgid: str(data, 'omsgid', MSGID) };
  },
  apply(ctx, p) {
    const b = ctx.ledger.booking(ctx.kid, p.omsgid);
    if (!b || b.infno !== '2102' || b.state === 'reversed' || b.psn_no !== p.psnNo || b.fixmedins_code !== ctx.env.fixmedins_code) {
      throw new SimRefusal('NOT_FOUND');
    }
    const info = setlinfo({ setlId: b.setl_id, mdtrtId: b.mdtrt_id }, b.psn_no, bookingAmounts(b));
    return { output: { setlinfo: { ...info, state: b.state } } };
  },
};
