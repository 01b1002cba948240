/**
 * 1101 人员信息获取 person info: verifies the voucher online (an `id` or
 * `pay` code) without consuming its jti, and answers the masked person and
 * the insurance with its account balance.
 *
 * @module
 */
import type { VoucherClaims } from '../../voucher/types.js';
import type { Handler } from '../context.js';
import { obj, str } from '../input.js';
import { checkCredentialOnline } from '../ec-credential.js';
import { resolveVoucher } from '../persons.js';
import { SimRefusal, bad } from '../refusal.js';
import { fenToYuan } from '../../gateway/money.js';


export const personInfo: Handler<VoucherClaims> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    if (str(data, 'mdtrt_cert_type') !== '01') throw bad('mdtrt_cert_type must be 01');
    const claims = await checkCredentialOnline(ctx, str(data, 'mdtrt_cert_no', /^.{1,600}$/s), 'id');
    if (claims.reg !== ctx.env.insuplc_admdvs) throw bad("insuplc_admdvs differs from the voucher's reg");
    return claims;
  },
  apply(ctx, claims) {
    const { ledger } = ctx;
    if (ledger.jtiSeen(claims.jti, ctx.clock())) throw new SimRefusal('VOUCHER_REPLAYED');
    const { person } = resolveVoucher(ledger, claims);
    return {
      output: {
        baseinfo: { psn_no: person.psn_no, psn_name: person.name, certno: person.certno },
        insuinfo: [
          {
            insutype: person.insutype,
            balc: fenToYuan(ledger.balance(person.psn_no) ?? 0),
            psn_insu_stas: person.suspended ? '2' : '1',
            insuplc_admdvs: person.reg,
          },
        ],
      },
    };
  },
};
