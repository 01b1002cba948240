/**
 * A success answer of 2102, 2103 or 5203 must add up and answer what was
 * sent before it is believed: each failed check is an unknown outcome with
 * its own code (the journal reverses the message and keeps the code).
 */
import { describe, expect, it } from 'vitest';
import { settle2102 } from '../../src/gateway/transactions/2102.js';
import { cancel2103 } from '../../src/gateway/transactions/2103.js';
import { queryByMsgid5203 } from '../../src/gateway/transactions/5203.js';
import type { SettleRequest } from '../../src/gateway/types.js';

const MSGID = 'P42010000001202611221000000001';
const sale = { psnNo: 'PSN1', totalFen: 2680 } as SettleRequest;
const booked = {
  setl_id: 'S1',
  mdtrt_id: 'M1',
  psn_no: 'PSN1',
  medfee_sumamt: '26.80',
  fund_pay_sumamt: '0.00',
  acct_pay: '20.00',
  acct_mulaid_pay: '',
  psn_cash_pay: '6.80',
  balc: '480.00',
  medins_setl_id: MSGID,
};
const settle = (setlinfo: Record<string, unknown>) => settle2102.read({ output: { setlinfo }, msgid: MSGID }, sale);
const failed = (f: () => unknown): { code: string; outcome: string; details: Record<string, unknown> } => {
  try {
    f();
  } catch (e) {
    return e as { code: string; outcome: string; details: Record<string, unknown> };
  }
  throw new Error('expected the answer to be refused');
};

describe('2102 answers that must add up', () => {
  it('believes an answer whose parts add up to the total sent, for the person sent', () => {
    expect(settle(booked)).toMatchObject({ totalFen: 2680, acctPayFen: 2000, cashFen: 680 });
    // hosp_part_amt and psn_part_amt take part in the identity when sent.
    expect(settle({ ...booked, psn_cash_pay: '5.80', hosp_part_amt: '1.00', psn_part_amt: '25.80' }).national).toMatchObject({ hospPartFen: 100, psnPartFen: 2580 });
    // Mutual aid beside acct_pay, or counted inside it: both readings add up.
    expect(settle({ ...booked, acct_pay: '10.00', acct_mulaid_pay: '10.00' }).acctMulaidPayFen).toBe(1000);
    expect(settle({ ...booked, acct_pay: '20.00', acct_mulaid_pay: '10.00' }).acctMulaidPayFen).toBe(1000);
  });

  it.each([
    ['total 0.01 on a 26.80 sale', { medfee_sumamt: '0.01', acct_pay: '0.01', psn_cash_pay: '0' }, 'GATEWAY_ANSWER_TOTAL_MISMATCH'],
    ['acct_pay 999.99 on a 26.80 sale', { acct_pay: '999.99' }, 'GATEWAY_ANSWER_PARTS_MISMATCH'],
    ['the psn_no of another person', { psn_no: 'PSN2' }, 'GATEWAY_ANSWER_PERSON_MISMATCH'],
    ['a negative cash part', { acct_pay: '30.00', psn_cash_pay: '-3.20' }, 'GATEWAY_ANSWER_NEGATIVE_PART'],
    ['the medins_setl_id of another message', { medins_setl_id: 'P42010000001202611221000000002' }, 'GATEWAY_ANSWER_SETTLEMENT_MISMATCH'],
    ['a psn_part_amt that is not account + cash', { psn_part_amt: '30.00' }, 'GATEWAY_ANSWER_PARTS_MISMATCH'],
    ['a fund that pays on top of a full personal part', { fund_pay_sumamt: '5.00' }, 'GATEWAY_ANSWER_PARTS_MISMATCH'],
    ['mutual aid that is neither inside nor beside acct_pay', { acct_pay: '20.00', acct_mulaid_pay: '25.00', psn_cash_pay: '6.80' }, 'GATEWAY_ANSWER_PARTS_MISMATCH'],
  ])('refuses %s as an unknown outcome with its own code', (_name, change, code) => {
    const e = failed(() => settle({ ...booked, ...change }));
    expect(e).toMatchObject({ code, outcome: 'unknown', details: { msgid: MSGID } });
  });

  it('says which figures did not add up (amounts only)', () => {
    const e = failed(() => settle({ ...booked, acct_pay: '999.99' }));
    expect(e.details).toMatchObject({ totalFen: 2680, fundFen: 0, acctFen: 99999, cashFen: 680, identity: expect.stringContaining('medfee_sumamt =') });
    expect(JSON.stringify(e.details)).not.toContain('PSN');
  });
});

describe('2103 and 5203 by the same rule', () => {
  const cancel = { psnNo: 'PSN1', setlId: 'S1', mdtrtId: 'M1', insuplcAdmdvs: '420100' };
  const refund = { setl_id: 'S1', mdtrt_id: 'M1', psn_no: 'PSN1', medfee_sumamt: '-26.80', fund_pay_sumamt: '0', acct_pay: '-20.00', acct_mulaid_pay: '', psn_cash_pay: '-6.80', balc: '500.00' };
  const read2103 = (setlinfo: Record<string, unknown>) => cancel2103.read({ output: { setlinfo }, msgid: MSGID }, cancel);

  it('believes a refund that adds up, sent negative or positive, or without a total', () => {
    expect(read2103(refund)).toMatchObject({ acctPayFen: 2000, cashFen: 680, balanceFen: 50000 });
    expect(read2103({ ...refund, medfee_sumamt: '26.80', acct_pay: '20.00', psn_cash_pay: '6.80' })).toMatchObject({ acctPayFen: 2000 });
    expect(read2103({ acct_pay: '-26.80', acct_mulaid_pay: '0.00', balc: '500.00' })).toMatchObject({ acctPayFen: 2680, cashFen: 0 });
  });

  it.each([
    ['parts that do not add up', { acct_pay: '-25.00' }, 'GATEWAY_ANSWER_PARTS_MISMATCH'],
    ['mixed signs', { acct_pay: '20.00', psn_cash_pay: '-46.80' }, 'GATEWAY_ANSWER_NEGATIVE_PART'],
    ['another settlement', { setl_id: 'S9' }, 'GATEWAY_ANSWER_SETTLEMENT_MISMATCH'],
    ['another person', { psn_no: 'PSN2' }, 'GATEWAY_ANSWER_PERSON_MISMATCH'],
  ])('refuses a 2103 answer with %s', (_name, change, code) => {
    expect(failed(() => read2103({ ...refund, ...change }))).toMatchObject({ code, outcome: 'unknown' });
  });

  it('5203 by msgid: the settlement of that message, for that person, adding up', () => {
    const q = { psnNo: 'PSN1', omsgid: MSGID, insuplcAdmdvs: '420100' };
    const read5203 = (setlinfo: Record<string, unknown>) => queryByMsgid5203.read({ output: { setlinfo }, msgid: 'P42010000001202611221000000009' }, q);
    expect(read5203(booked)).toMatchObject({ totalFen: 2680 });
    expect(failed(() => read5203({ ...booked, psn_no: 'PSN2' }))).toMatchObject({ code: 'GATEWAY_ANSWER_PERSON_MISMATCH', outcome: 'unknown' });
    expect(failed(() => read5203({ ...booked, medins_setl_id: 'P42010000001202611221000000003' }))).toMatchObject({ code: 'GATEWAY_ANSWER_SETTLEMENT_MISMATCH' });
    expect(failed(() => read5203({ ...booked, acct_pay: '999.99' }))).toMatchObject({ code: 'GATEWAY_ANSWER_PARTS_MISMATCH' });
  });
});
