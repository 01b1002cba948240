/**
 * 2102 药店结算 settlement: the sale (with the sealed PIN block) in, the
 * booked `setlinfo` out, every primary field required. The answer must add
 * up and answer this sale (answer-checks.ts) before it is a paid sale:
 * its total is the one sent, its person the one sent, its
 * `medins_setl_id` (when sent) this msgid.
 *
 * @module
 */
import { checkAnswer } from '../answer-checks.js';
import { readSetlinfoParts } from '../setlinfo.js';
import type { Settlement, SettleRequest } from '../types.js';
import type { Codec } from './codec.js';
import { toSettleInput, withWarn } from './drug-input.js';

export const settle2102: Codec<SettleRequest, Settlement> = {
  infno: '2102',
  input: (req, ctx) => toSettleInput(req, '2102', ctx.time, ctx.pinBlock, ctx.traceCodes),
  read({ output, msgid, warnMsg }, req) {
    const { settlement, parts } = readSetlinfoParts(output, msgid);
    checkAnswer(settlement, parts, { psnNo: req.psnNo, totalFen: req.totalFen, medinsSetlId: msgid }, msgid);
    return withWarn(settlement, warnMsg);
  },
};
