/**
 * 5203 结算信息查询 settlement query: as the national interface has it (by
 * `setl_id` + `mdtrt_id`), or by the original msgid (extension: what
 * recovery knows when the answer never came). The settlement, or `null` when
 * the gateway has none. The settlement must add up and be the one asked
 * for (answer-checks.ts).
 *
 * @module
 */
import { checkAnswer, type AnswerExpectation } from '../answer-checks.js';
import { readSetlinfoParts } from '../setlinfo.js';
import { invalidRequest } from '../request.js';
import type { MessageQuery, Settlement, SettlementQuery } from '../types.js';
import type { Codec } from './codec.js';

function checked(output: Record<string, unknown>, msgid: string, expected: AnswerExpectation): Settlement {
  const { settlement, parts } = readSetlinfoParts(output, msgid);
  checkAnswer(settlement, parts, expected, msgid);
  return settlement;
}

const none = (e: { code: string }): { result: null } | undefined =>
  e.code === 'GATEWAY_NOT_FOUND' || e.code === 'GATEWAY_SETTLEMENT_NOT_FOUND' ? { result: null } : undefined;

export const queryByMsgid5203: Codec<MessageQuery, Settlement | null> = {
  infno: '5203',
  input: (req) => ({ data: { psn_no: req.psnNo, omsgid: req.omsgid } }),
  read: ({ output, msgid }, req) => checked(output, msgid, { psnNo: req.psnNo, medinsSetlId: req.omsgid }),
  refusal: none,
};

export const querySettlement5203: Codec<SettlementQuery, Settlement | null> = {
  infno: '5203',
  input(req) {
    if (!req.setlId || !req.mdtrtId) throw invalidRequest('setlId/mdtrtId', 'required');
    return { data: { psn_no: req.psnNo, setl_id: req.setlId, mdtrt_id: req.mdtrtId } };
  },
  read: ({ output, msgid }, req) => checked(output, msgid, { psnNo: req.psnNo, setlId: req.setlId, mdtrtId: req.mdtrtId }),
  refusal: none,
};
