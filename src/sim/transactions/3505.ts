/**
 * 3505 商品销售 (goods sale upload) with `drugtracinfo`: one sold line of a
 * booked settlement of this pharmacy and the traceability codes of its boxes.
 * A required field left blank is answered `retRslt` 0 (sale-lines.ts); the
 * codes of an accepted line are stored, and a code standing sold under
 * another settlement is refused (`TRACE_CODE_SOLD`). The same msgid again
 * gets the stored answer.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { SimRefusal, bad } from '../refusal.js';
import { recordSoldCodes, refuseSoldCodes } from '../trace-codes.js';
import { readSaleLine, SALE_REQUIRED, verdict, type SaleLine } from './sale-lines.js';

export const saleUpload: Handler<SaleLine> = {
  async prepare(ctx) {
    return readSaleLine(ctx.env.input, SALE_REQUIRED);
  },
  apply(ctx, p) {
    if (p.rejected !== undefined) return { output: verdict(p.rejected) };
    const { ledger, env } = ctx;
    const booking = ledger.settlementBySetlId(p.setlId);
    if (!booking || booking.fixmedins_code !== env.fixmedins_code || booking.state !== 'booked' || ledger.cancelOf(booking.kid, booking.msgid)) {
      throw new SimRefusal('SETTLEMENT_NOT_FOUND');
    }
    if (p.psnNo !== undefined && booking.psn_no !== p.psnNo) throw bad('psn_no is not the settlement’s');
    refuseSoldCodes(ledger, p.codes, p.setlId);
    recordSoldCodes(ledger, [{ medListCodg: p.medListCodg, codes: p.codes }], { setlId: p.setlId, msgid: env.msgid }, ctx.clock(), true);
    return { output: verdict(undefined) };
  },
};
