/**
 * 1162 电子凭证解码 (national voucher code decode, the `ec.query` answer):
 * the code must be one the platform issued, not expired and not used by a
 * booked sale; the answer names the holder (full name and id number, as the
 * real service does) and the ecToken the sale messages then carry. Decoding
 * does not use the code up: the sale's 2102 does.
 *
 * @module
 */
import type { VoucherClaims } from '../../voucher/types.js';
import type { Handler } from '../context.js';
import { liveEcClaims } from '../ec-credential.js';
import { obj, str } from '../input.js';
import { ecCodeByCode, type EcCodeRow } from '../ledger/national-tables.js';
import { resolveVoucher } from '../persons.js';
import { SimRefusal } from '../refusal.js';

interface Prepared {
  code: string;
}

export const decodeCode: Handler<Prepared> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    return { code: str(data, 'ecQrCode', /^[0-9A-Za-z]{1,128}$/) };
  },
  apply(ctx, p) {
    const { ledger } = ctx;
    const row: EcCodeRow | undefined = ecCodeByCode(ledger, p.code);
    if (!row) throw new SimRefusal('VOUCHER_INVALID', { detail: 'unknown code' });
    const claims: VoucherClaims = liveEcClaims(ctx, row);
    if (ledger.jtiSeen(row.token, ctx.clock())) throw new SimRefusal('VOUCHER_REPLAYED');
    const { person } = resolveVoucher(ledger, claims);
    return {
      output: {
        data: {
          ecToken: row.token,
          idNo: person.certno,
          idType: '01',
          userName: person.name,
          insuOrg: person.reg,
          ecIndexNo: row.sub,
          chnlId: row.chn,
          ...(row.act_sub ? { guardianEcIndexNo: row.act_sub } : {}),
        },
      },
    };
  },
};
