/**
 * 3506 商品销售退货 (sales return): a line of a settlement of this pharmacy
 * comes back, with the trace codes of its boxes. Each code must have been
 * sold under that settlement; the return is recorded (the code is free to be
 * sold again once its sale no longer stands). A required field left blank is
 * answered `retRslt` 0, like 3505.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { recordTraceReturn, traceSale } from '../ledger/national-tables.js';
import { SimRefusal } from '../refusal.js';
import { readSaleLine, RETURN_REQUIRED, verdict, type SaleLine } from './sale-lines.js';

export const saleReturn: Handler<SaleLine> = {
  async prepare(ctx) {
    return readSaleLine(ctx.env.input, RETURN_REQUIRED);
  },
  apply(ctx, p) {
    if (p.rejected !== undefined) return { output: verdict(p.rejected) };
    const { ledger, env } = ctx;
    const booking = ledger.settlementBySetlId(p.setlId);
    if (!booking || booking.fixmedins_code !== env.fixmedins_code) throw new SimRefusal('SETTLEMENT_NOT_FOUND');
    const notSold = p.codes.find((c) => traceSale(ledger, c)?.setl_id !== p.setlId);
    if (notSold !== undefined) return { output: verdict(`销售明细第1行追溯码 ${notSold} 未在该结算下销售`) };
    for (const code of p.codes) recordTraceReturn(ledger, { code, setl_id: p.setlId, msgid: env.msgid, at: ctx.clock() });
    return { output: verdict(undefined) };
  },
};
