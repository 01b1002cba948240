/**
 * 2103 药店结算撤销 settlement cancel: the booked settlement in, what was
 * refunded out (positive, whether the gateway sends it positive or negative).
 * The refund must add up and be for the settlement and person sent
 * (answer-checks.ts).
 *
 * @module
 */
import { checkAnswer } from '../answer-checks.js';
import { readSetlinfoParts } from '../setlinfo.js';
import type { CancelRequest, CancelResult } from '../types.js';
import type { Codec } from './codec.js';

export const cancel2103: Codec<CancelRequest, CancelResult> = {
  infno: '2103',
  input: (req) => ({ data: { psn_no: req.psnNo, setl_id: req.setlId, mdtrt_id: req.mdtrtId } }),
  read({ output, msgid }, req) {
    const { settlement: s, parts } = readSetlinfoParts(output, msgid, { idsRequired: false, refund: true });
    checkAnswer(s, parts, { psnNo: req.psnNo, setlId: req.setlId, mdtrtId: req.mdtrtId }, msgid);
    const result: CancelResult = { acctPayFen: s.acctPayFen, acctMulaidPayFen: s.acctMulaidPayFen, balanceFen: s.balanceFen, cashFen: s.cashFen };
    if (s.national) result.national = s.national;
    return result;
  },
};
