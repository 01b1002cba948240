/**
 * 1101 人员信息获取 person info: the seven national inputs; verifies the
 * voucher online (an `id` or `pay` code) without consuming its jti, and
 * answers the masked person, the insurance (with its account balance, type,
 * dates and region) and any special identities. The envelope's
 * `insuplc_admdvs` is not checked: finding the insured region is what 1101
 * is for.
 *
 * @module
 */
import type { VoucherClaims } from '../../voucher/types.js';
import type { Handler } from '../context.js';
import { certText, obj, optStr, str } from '../input.js';
import { checkCredentialOnline } from '../ec-credential.js';
import { cardClaims, isCardClaims } from '../cards.js';
import { resolveVoucher } from '../persons.js';
import { SimRefusal, bad } from '../refusal.js';
import { fenToYuan } from '../../gateway/money.js';

/** Insured since (the simulator's persons all joined on this day). */
const INSU_DATE = '2015-01-01';

export const personInfo: Handler<VoucherClaims> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    const type = str(data, 'mdtrt_cert_type');
    if (type !== '01' && type !== '02' && type !== '03') throw bad('mdtrt_cert_type must be 01, 02 or 03');
    for (const k of ['card_sn', 'psn_cert_type', 'certno', 'psn_name']) optStr(data, k, /^.{0,50}$/s);
    optStr(data, 'begntime', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // 02 (id card) and 03 (social security card): the card read by the POS names its holder.
    if (type !== '01') return cardClaims(ctx.ledger, type, str(data, 'mdtrt_cert_no', /^.{1,50}$/), optStr(data, 'card_sn', /^.{0,64}$/), ctx.clock());
    return checkCredentialOnline(ctx, certText(data), 'id');
  },
  apply(ctx, claims) {
    const { ledger } = ctx;
    if (!isCardClaims(claims) && ledger.jtiSeen(claims.jti, ctx.clock())) throw new SimRefusal('VOUCHER_REPLAYED');
    const { person } = resolveVoucher(ledger, claims);
    const balance = ledger.balance(person.psn_no);
    return {
      output: {
        baseinfo: { psn_no: person.psn_no, psn_cert_type: '01', certno: person.certno, psn_name: person.name },
        insuinfo: [
          {
            insutype: person.insutype,
            // Resident insurance has no personal account: its balance is blank, as real gateways send it.
            balc: balance === undefined ? null : fenToYuan(balance),
            psn_type: person.insutype === '310' ? '11' : '21',
            psn_insu_stas: person.suspended ? '2' : '1',
            psn_insu_date: INSU_DATE,
            paus_insu_date: null,
            insuplc_admdvs: person.reg,
          },
        ],
        idetinfo: [],
      },
    };
  },
};
