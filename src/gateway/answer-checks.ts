/**
 * What a 2102, 2103 or 5203 answer must satisfy before the SDK believes it
 * (docs/gateway.md, "Answers that must add up"). Pure. Each failed check is
 * an unknown outcome with its own code: the message is reversed, the cashier
 * is told "not paid", and the journal keeps the code.
 *
 * The identity, in fen (`hosp_part_amt` blank is 0):
 *
 *     medfee_sumamt = fund_pay_sumamt + acct_pay + acct_mulaid_pay + psn_cash_pay + hosp_part_amt
 *
 * and, when the answer sends the person's part (`psn_part_amt`, or `psn_pay`):
 *
 *     psn_part_amt = acct_pay + acct_mulaid_pay + psn_cash_pay
 *
 * Where a gateway counts the mutual-aid payment inside `acct_pay` (then it is
 * no larger than `acct_pay`), the same two hold without `acct_mulaid_pay`;
 * either reading is accepted, nothing else.
 *
 * @module
 */
import { answerMismatch } from './answer-mismatch.js';
import type { SetlinfoParts } from './setlinfo.js';
import type { Settlement } from './types.js';

/** What the message asked, to hold the answer against. Absent fields are not checked. */
export interface AnswerExpectation {
  /** `psn_no` sent. */
  psnNo?: string;
  /** `medfee_sumamt` sent (2102). */
  totalFen?: number;
  /** The msgid the settlement must carry in `medins_setl_id` (医药机构结算ID 存放发送方报文ID), when the answer has one. */
  medinsSetlId?: string;
  /** `setl_id` / `mdtrt_id` sent (2103, 5203 by settlement). */
  setlId?: string;
  mdtrtId?: string;
}

/** Throws the first failed check, in the order: person, settlement, total, parts. */
export function checkAnswer(s: Settlement, parts: SetlinfoParts, expected: AnswerExpectation, msgid: string): void {
  if (expected.psnNo !== undefined && s.psnNo !== '' && s.psnNo !== expected.psnNo) {
    throw answerMismatch('GATEWAY_ANSWER_PERSON_MISMATCH', msgid, { field: 'psn_no' });
  }
  const ids: Array<[string, string | undefined, string | undefined]> = [
    ['setl_id', expected.setlId, s.setlId],
    ['mdtrt_id', expected.mdtrtId, s.mdtrtId],
    ['medins_setl_id', expected.medinsSetlId, s.national?.medinsSetlId],
  ];
  for (const [field, sent, got] of ids) {
    if (sent !== undefined && got !== undefined && got !== '' && got !== sent) throw answerMismatch('GATEWAY_ANSWER_SETTLEMENT_MISMATCH', msgid, { field });
  }
  if (expected.totalFen !== undefined && s.totalFen !== expected.totalFen) {
    throw answerMismatch('GATEWAY_ANSWER_TOTAL_MISMATCH', msgid, { sentFen: expected.totalFen, answeredFen: s.totalFen });
  }
  const failed = partsFailure(parts);
  if (failed !== undefined) throw answerMismatch('GATEWAY_ANSWER_PARTS_MISMATCH', msgid, { identity: failed, ...figures(parts) });
}

/** The identity that does not hold, or undefined when the parts add up (see the module doc). */
export function partsFailure(p: SetlinfoParts): string | undefined {
  // Mutual aid beside acct_pay, or inside it (then no larger than it): the only two readings accepted.
  const inside = p.mulaid !== 0 && Math.abs(p.mulaid) <= Math.abs(p.acct);
  const persons = inside ? [p.acct + p.mulaid + p.cash, p.acct + p.cash] : [p.acct + p.mulaid + p.cash];
  if (p.total !== undefined) {
    const fund = p.fund ?? 0;
    if (!persons.some((person) => p.total === fund + person + p.hosp)) return 'medfee_sumamt = fund_pay_sumamt + acct_pay + acct_mulaid_pay + psn_cash_pay + hosp_part_amt';
  }
  if (p.psnPart !== undefined && !persons.includes(p.psnPart)) return 'psn_part_amt = acct_pay + acct_mulaid_pay + psn_cash_pay';
  return undefined;
}

/** The answer's figures for the journal and the log (amounts only: nothing personal). */
function figures(p: SetlinfoParts): Record<string, number> {
  const out: Record<string, number> = { acctFen: p.acct, mulaidFen: p.mulaid, cashFen: p.cash, hospFen: p.hosp };
  if (p.total !== undefined) out.totalFen = p.total;
  if (p.fund !== undefined) out.fundFen = p.fund;
  if (p.psnPart !== undefined) out.psnPartFen = p.psnPart;
  return out;
}
