/**
 * 3505 商品销售 (goods sale upload) with `drugtracinfo`: one sold line of a
 * booked settlement of this pharmacy and the traceability codes of its boxes.
 * The codes are stored; a code standing sold under another settlement is
 * refused (`TRACE_CODE_SOLD`). The same msgid again gets the stored answer.
 *
 * @module
 */
import { TRACE_CODE } from '../../gateway/trace-fields.js';
import type { Handler } from '../context.js';
import { obj, str } from '../input.js';
import { SimRefusal, bad } from '../refusal.js';
import { recordSoldCodes, refuseSoldCodes, type LineCodes } from '../trace-codes.js';

interface Prepared {
  setlId: string;
  psnNo: string;
  line: LineCodes;
}


export const saleUpload: Handler<Prepared> = {
  async prepare(ctx) {
    const sel = obj(ctx.env.input, 'selinfo');
    str(sel, 'fixmedins_hilist_id', /^.{1,64}$/);
    str(sel, 'mdtrt_sn', /^.{1,64}$/);
    str(sel, 'rtal_docno', /^.{1,64}$/);
    str(sel, 'sel_retn_time', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    str(sel, 'sel_retn_opter_name', /^.{1,64}$/s);
    const trdn = str(sel, 'trdn_flag', /^[01]$/);
    const cnt = Number(str(sel, 'sel_retn_cnt', /^\d{1,12}(\.\d{1,4})?$/));
    if (!(cnt > 0)) throw bad('sel_retn_cnt must be above 0');
    if ((trdn === '0') !== Number.isInteger(cnt)) throw bad('trdn_flag does not match sel_retn_cnt (part packs are 1)');
    const list = sel.drugtracinfo;
    if (!Array.isArray(list) || list.length === 0) throw bad('drugtracinfo must list the trace codes');
    const codes = list.map((t: unknown) => str((t ?? {}) as Record<string, unknown>, 'drug_trac_codg', TRACE_CODE));
    if (new Set(codes).size !== codes.length) throw bad('drugtracinfo: a code appears twice');
    if (codes.length > Math.ceil(cnt)) throw bad('more trace codes than boxes sold');
    return {
      setlId: str(sel, 'setl_id', /^.{1,64}$/),
      psnNo: str(sel, 'psn_no', /^[A-Za-z0-9]{1,32}$/),
      line: { medListCodg: str(sel, 'med_list_codg', /^.{1,64}$/), codes },
    };
  },
  apply(ctx, p) {
    const { ledger, env } = ctx;
    const booking = ledger.settlementBySetlId(p.setlId);
    if (!booking || booking.fixmedins_code !== env.fixmedins_code || booking.state !== 'booked' || ledger.cancelOf(booking.kid, booking.msgid)) {
      throw new SimRefusal('SETTLEMENT_NOT_FOUND');
    }
    if (booking.psn_no !== p.psnNo) throw bad('psn_no is not the settlement’s');
    refuseSoldCodes(ledger, p.line.codes, p.setlId);
    recordSoldCodes(ledger, [p.line], { setlId: p.setlId, msgid: env.msgid }, ctx.clock(), true);
    return { output: {} };
  },
};
