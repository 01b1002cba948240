/**
 * 2601 冲正交易 reversal of a money message by its msgid. It succeeds
 * whether or not the original was booked; `result` is the gateway's word on
 * the original when it gives one (`kept`: a cancel that stands because its
 * refund was already spent).
 *
 * @module
 */
import { checkMsgid } from '../msgid.js';
import type { ReversalAnswer, ReversalRequest } from '../types.js';
import type { Codec } from './codec.js';

export const reverse2601: Codec<ReversalRequest, ReversalAnswer> = {
  infno: '2601',
  input(req, ctx) {
    checkMsgid(req.omsgid, ctx.fixmedinsCode);
    return { data: { psn_no: req.psnNo, omsgid: req.omsgid, oinfno: req.oinfno } };
  },
  read({ output }) {
    const result = output.result;
    return typeof result === 'string' ? { result } : {};
  },
};
