/**
 * The part 2101 and 2102 share: verify the voucher(s) online, resolve the
 * patient and the mutual-aid payer, refuse replayed codes, and split the total.
 *
 * @module
 */
import type { VoucherClaims } from '../../voucher/types.js';
import type { TxContext } from '../context.js';
import type { Resolved } from '../persons.js';
import { resolvePayer, resolveVoucher } from '../persons.js';
import { checkCredentialOnline } from '../ec-credential.js';
import { cardClaims, isCardClaims } from '../cards.js';
import { readDetailTraceCodes, refuseSoldCodes, type LineCodes } from '../trace-codes.js';
import { SimRefusal, bad } from '../refusal.js';
import { splitSettlement, type Split } from '../rules/split.js';
import { readDrugInput, type DrugInput } from './drug-input.js';
import { fenToYuan } from '../../gateway/money.js';
import { cstDateTime } from '../rules/day.js';

/** 清算类别 41: pharmacy purchases (定点药店购药). */
export const CLR_TYPE_PHARMACY = '41';
/** 清算方式 1: by items (按项目). */
const CLR_WAY_ITEMS = '1';

/** `setldetail[]`: the fund breakdown; the simulator's only fund is the pooled one (统筹, 310100). */
export function setldetail(fundPayFen: number): Array<Record<string, unknown>> {
  return fundPayFen > 0 ? [{ fund_pay_type: '310100', fund_pay_type_name: '职工基本医疗保险统筹基金', fund_payamt: fenToYuan(fundPayFen) }] : [];
}


export interface SettlePrepared {
  drug: DrugInput;
  patientClaims: VoucherClaims;
  payerClaims: VoucherClaims | undefined;
  /** The drug traceability codes of each line (`drug_trac_codg`). */
  traceLines: LineCodes[];
}

export async function prepareSettle(ctx: TxContext): Promise<SettlePrepared> {
  const drug = readDrugInput(ctx.env.input);
  const patientClaims =
    drug.certType === '01' ? await checkCredentialOnline(ctx, drug.voucherText, 'pay') : cardClaims(ctx.ledger, drug.certType, drug.voucherText, drug.cardSn, ctx.clock());
  if (patientClaims.reg !== ctx.env.insuplc_admdvs) throw bad("insuplc_admdvs differs from the voucher's reg");
  const payerClaims = drug.payerText === undefined ? undefined : await checkCredentialOnline(ctx, drug.payerText, 'pay');
  return { drug, patientClaims, payerClaims, traceLines: readDetailTraceCodes(ctx.env.input) };
}

export interface SettleComputed extends Split {
  patient: Resolved;
  payer: Resolved | undefined;
  /** The balance shown as `balc` before booking: the payer's in mutual aid, else the patient's (0 without an account). */
  patientBalanceFen: number | undefined;
  payerBalanceFen: number | undefined;
}

/** Inside the ledger transaction: the people, the replay record and the split. */
export function computeSettle(ctx: TxContext, p: SettlePrepared): SettleComputed {
  const { ledger } = ctx;
  const patient = resolveVoucher(ledger, p.patientClaims);
  if (patient.person.psn_no !== p.drug.psnNo) throw new SimRefusal('VOUCHER_INVALID', { detail: 'psn_no is not the voucher holder' });
  if (patient.person.insutype !== p.drug.insutype) throw bad('insutype is not the person’s');
  if (patient.person.suspended) throw new SimRefusal('INSURANCE_SUSPENDED');
  const now = ctx.clock();
  // A card is not single-use; a voucher or ecToken is.
  if (!isCardClaims(p.patientClaims) && ledger.jtiSeen(p.patientClaims.jti, now)) throw new SimRefusal('VOUCHER_REPLAYED');
  refuseSoldCodes(ledger, p.traceLines.flatMap((l) => l.codes));
  let payer: Resolved | undefined;
  if (p.payerClaims) {
    if (p.payerClaims.jti === p.patientClaims.jti) throw new SimRefusal('VOUCHER_REPLAYED');
    if (ledger.jtiSeen(p.payerClaims.jti, now)) throw new SimRefusal('VOUCHER_REPLAYED');
    payer = resolvePayer(ledger, p.payerClaims, patient.person);
  }
  const patientBalanceFen = ledger.balance(patient.person.psn_no);
  const payerBalanceFen = payer ? ledger.balance(payer.person.psn_no) : undefined;
  const split = splitSettlement({ totalFen: p.drug.totalFen, patientBalanceFen, payerBalanceFen, useAccount: p.drug.useAccount });
  return { ...split, patient, payer, patientBalanceFen, payerBalanceFen };
}

/** National `setlinfo` fields of a booked settlement, beyond the amounts. */
export interface SetlExtras {
  /** ms */
  setlTime: number;
  /** The sender's msgid of the 2102. */
  medinsSetlId: string;
  insutype: string;
  /** The insured region: the clearing agency (清算经办机构). */
  clrOptins: string;
}

/** `setlinfo` on the wire (yuan strings), with the national fields of a booked one. */
export function setlinfo(
  ids: { setlId: string; mdtrtId: string },
  psnNo: string,
  c: { totalFen: number; fundPayFen: number; acctPayFen: number; acctMulaidPayFen: number; cashFen: number; balanceFen: number },
  extras?: SetlExtras,
): Record<string, unknown> {
  const national = extras
    ? {
        setl_time: cstDateTime(extras.setlTime),
        medins_setl_id: extras.medinsSetlId,
        insutype: extras.insutype,
        clr_type: CLR_TYPE_PHARMACY,
        clr_way: CLR_WAY_ITEMS,
        clr_optins: extras.clrOptins,
        psn_pay: fenToYuan(c.acctPayFen + c.acctMulaidPayFen + c.cashFen),
        hifp_pay: fenToYuan(c.fundPayFen),
      }
    : {};
  return {
    ...national,
    setl_id: ids.setlId,
    mdtrt_id: ids.mdtrtId,
    psn_no: psnNo,
    medfee_sumamt: fenToYuan(c.totalFen),
    fund_pay_sumamt: fenToYuan(c.fundPayFen),
    acct_pay: fenToYuan(c.acctPayFen),
    acct_mulaid_pay: fenToYuan(c.acctMulaidPayFen),
    psn_cash_pay: fenToYuan(c.cashFen),
    balc: fenToYuan(c.balanceFen),
  };
}
