/**
 * 5203 结算信息查询 settlement query: as the national interface has it (by
 * `setl_id` + `mdtrt_id`), or by the original msgid (extension: what
 * recovery knows when the answer never came). The settlement, or `null` when
 * the gateway has none.
 *
 * @module
 */
import { readSetlinfo } from '../setlinfo.js';
import { invalidRequest } from '../request.js';
import type { MessageQuery, Settlement, SettlementQuery } from '../types.js';
import type { Codec } from './codec.js';

const none = (e: { code: string }): { result: null } | undefined =>
  e.code === 'GATEWAY_NOT_FOUND' || e.code === 'GATEWAY_SETTLEMENT_NOT_FOUND' ? { result: null } : undefined;

export const queryByMsgid5203: Codec<MessageQuery, Settlement | null> = {
  infno: '5203',
  input: (req) => ({ data: { psn_no: req.psnNo, omsgid: req.omsgid } }),
  read: ({ output, msgid }) => readSetlinfo(output, msgid),
  refusal: none,
};

export const querySettlement5203: Codec<SettlementQuery, Settlement | null> = {
  infno: '5203',
  input(req) {
    if (!req.setlId || !req.mdtrtId) throw invalidRequest('setlId/mdtrtId', 'required');
    return { data: { psn_no: req.psnNo, setl_id: req.setlId, mdtrt_id: req.mdtrtId } };
  },
  read: ({ output, msgid }) => readSetlinfo(output, msgid),
  refusal: none,
};
