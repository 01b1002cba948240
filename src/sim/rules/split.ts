/**
 * How the simulator splits a pharmacy sale (pure). The rule is deliberately
 * simple and documented: for retail pharmacy out-patient purchases
 * (`med_type` 41) the pooled fund pays nothing (统筹 0); the patient's own
 * personal account pays first when `acct_used_flag` is 1, then, in a
 * mutual-aid sale, the payer's account; cash covers the rest.
 *
 * @module
 */

export interface SplitInput {
  totalFen: number;
  /** The patient's account balance, undefined when the patient has none (390). */
  patientBalanceFen: number | undefined;
  useAccount: boolean;
  /** The mutual-aid payer's balance, when a bound payer pays. */
  payerBalanceFen?: number | undefined;
}

export interface Split {
  fundPayFen: number;
  acctPayFen: number;
  acctMulaidPayFen: number;
  cashFen: number;
}

export function splitSettlement(input: SplitInput): Split {
  const { totalFen, useAccount } = input;
  const fundPayFen = 0;
  let rest = totalFen - fundPayFen;
  const own = useAccount && input.patientBalanceFen !== undefined ? Math.max(0, input.patientBalanceFen) : 0;
  const acctPayFen = Math.min(own, rest);
  rest -= acctPayFen;
  const payer = useAccount && input.payerBalanceFen !== undefined ? Math.max(0, input.payerBalanceFen) : 0;
  const acctMulaidPayFen = Math.min(payer, rest);
  rest -= acctMulaidPayFen;
  return { fundPayFen, acctPayFen, acctMulaidPayFen, cashFen: rest };
}
