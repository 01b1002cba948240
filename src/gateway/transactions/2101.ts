/**
 * 2101 药店预结算 pre-settlement: the sale in, the split out (`setlinfo`),
 * nothing booked, so the ids may be absent.
 *
 * @module
 */
import { readSetlinfo } from '../setlinfo.js';
import type { Settlement, SettleRequest } from '../types.js';
import type { Codec } from './codec.js';
import { toSettleInput, withWarn } from './drug-input.js';

export const preSettle2101: Codec<SettleRequest, Settlement> = {
  infno: '2101',
  input: (req, ctx) => toSettleInput(req, '2101', ctx.time, ctx.pinBlock, ctx.traceCodes),
  read: ({ output, msgid, warnMsg }) => withWarn(readSetlinfo(output, msgid, { idsRequired: false }), warnMsg),
};
