/**
 * 3506 商品销售退货 (sales return) of one sold line with its drug
 * traceability codes: the line of a cancelled or reversed sale, sent back
 * under the fields openhis `Medical3506Param` sends. Pure.
 *
 * @module
 */
import type { SaleUpload } from '../types.js';
import { checkCodes, checkVerdict, invalid, lineFields } from './3505.js';
import type { Codec } from './codec.js';

/** 3506 `selinfo`: the same line returned, at `returnTime`. */
export function toSaleReturnInput(u: SaleUpload): { selinfo: Record<string, unknown> } {
  checkCodes(u);
  if (!u.returnTime) throw invalid('returnTime', 'required');
  return { selinfo: { ...lineFields(u), sel_retn_time: u.returnTime } };
}


export const saleReturn3506: Codec<SaleUpload, void> = {
  infno: '3506',
  input: (u) => toSaleReturnInput(u),
  read({ output, msgid }) {
    checkVerdict(output, msgid);
  },
};
