/**
 * 2102 药店结算 settlement: the sale (with the sealed PIN block) in, the
 * booked `setlinfo` out, every primary field required.
 *
 * @module
 */
import { readSetlinfo } from '../setlinfo.js';
import type { Settlement, SettleRequest } from '../types.js';
import type { Codec } from './codec.js';
import { toSettleInput, withWarn } from './drug-input.js';

export const settle2102: Codec<SettleRequest, Settlement> = {
  infno: '2102',
  input: (req, ctx) => toSettleInput(req, '2102', ctx.time, ctx.pinBlock),
  read: ({ output, msgid, warnMsg }) => withWarn(readSetlinfo(output, msgid), warnMsg),
};
