/**
 * 2101 药店预结算 pre-settlement: the split the sale would get; nothing is
 * booked and the voucher's jti is not consumed.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { computeSettle, prepareSettle, setlinfo, type SettlePrepared } from './settle.js';

export const preSettle: Handler<SettlePrepared> = {
  prepare: prepareSettle,
  apply(ctx, p) {
    const c = computeSettle(ctx, p);
    const balanceFen = c.payer
      ? (c.payerBalanceFen ?? 0) - c.acctMulaidPayFen
      : (c.patientBalanceFen ?? 0) - c.acctPayFen;
    return {
      output: { setlinfo: setlinfo({ setlId: '', mdtrtId: '' }, c.patient.person.psn_no, { totalFen: p.drug.totalFen, ...c, balanceFen }) },
    };
  },
};
