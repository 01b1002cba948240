import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getJson, issue, postJson, running, type Running } from './helpers/terminal.js';
import { renewTrustList } from '../../src/sim/trust-renew.js';

let r: Running;
beforeEach(async () => {
  r = await running();
});
afterEach(async () => {
  await r.sim.close();
});

const balances = async (): Promise<Map<string, number>> =>
  new Map((await getJson<Array<{ psn_no: string; balanceFen: number }>>(`${r.sim.url}/admin/accounts`)).map((a) => [a.psn_no, a.balanceFen]));

describe('sign-in', () => {
  it('refuses a transaction without a current sign_no and does not store the refusal', async () => {
    const emp = r.env.person('employee');
    const signNo = r.term.signNo;
    r.term.signNo = '';
    const msgid = r.term.newMsgid();
    const v = await issue(r.env.dir, r.clock(), emp.sub);
    const input = { data: { mdtrt_cert_type: '01', mdtrt_cert_no: v.text } };
    const refused = await r.term.send('1101', input, { msgid });
    expect(refused.body).toMatchObject({ infcode: -1, err_code: 'SIGN_IN_REQUIRED' });
    r.term.signNo = signNo;
    const ok = await r.term.send('1101', input, { msgid });
    expect(ok.body.infcode).toBe(0);
  });

  it('a sign_no expires with the day and after 9002', async () => {
    const emp = r.env.person('employee');
    const v = await issue(r.env.dir, r.clock(), emp.sub);
    await r.term.send('9002', { signOut: { sign_no: r.term.signNo, opter_no: 'C001' } });
    const a = await r.term.send('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: v.text } });
    expect(a.body.err_code).toBe('SIGN_IN_REQUIRED');
    await r.term.signIn();
    r.clock.advance(24 * 3600e3);
    const v2 = await issue(r.env.dir, r.clock(), emp.sub);
    const b = await r.term.send('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: v2.text } });
    expect(b.body.err_code).toBe('SIGN_IN_REQUIRED');
  });
});

describe('1101 person info and 2101 pre-settlement', () => {
  it('answers the person and balance without consuming the voucher', async () => {
    const emp = r.env.person('employee');
    const v = await issue(r.env.dir, r.clock(), emp.sub);
    const a = await r.term.send('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: v.text } });
    expect(a.body.output).toEqual({
      baseinfo: { psn_no: emp.psn_no, psn_cert_type: '01', psn_name: emp.name, certno: expect.stringContaining('****') },
      insuinfo: [
        { insutype: '310', balc: '500.00', psn_type: '11', psn_insu_stas: '1', psn_insu_date: '2015-01-01', paus_insu_date: null, insuplc_admdvs: emp.reg },
      ],
      idetinfo: [],
    });
    const pre = await r.term.send('2101', r.term.drugInput(emp.psn_no, '310', v.text, 2680));
    expect(pre.body.output).toEqual({
      setlinfo: {
        setl_id: '',
        mdtrt_id: '',
        psn_no: emp.psn_no,
        medfee_sumamt: '26.80',
        fund_pay_sumamt: '0.00',
        acct_pay: '26.80',
        acct_mulaid_pay: '0.00',
        psn_cash_pay: '0.00',
        balc: '473.20',
      },
    });
    const paid = await r.term.settle(emp, 2680, { voucher: v });
    expect(paid.body.infcode).toBe(0);
    expect((await balances()).get(emp.psn_no)).toBe(50000 - 2680);
  });
});

describe('2102 settlement', () => {
  it('books once, answers the stored answer for the same msgid, refuses another body', async () => {
    const emp = r.env.person('employee');
    const first = await r.term.settle(emp, 2680);
    expect(first.body.infcode).toBe(0);
    expect(first.body.output).toMatchObject({ setlinfo: { acct_pay: '26.80', psn_cash_pay: '0.00', balc: '473.20' } });
    const again = await r.term.settle(emp, 2680, { msgid: first.msgid, voucher: first.voucher });
    // The PIN block differs (new iat, same content) only if sealed again; the body hash covers it, so resend the very body.
    expect(again.body.err_code).toBe('DUPLICATE_MSGID');
    const bookings = await getJson<Array<{ msgid: string; state: string }>>(`${r.sim.url}/admin/bookings`);
    expect(bookings.filter((b) => b.msgid === first.msgid)).toHaveLength(1);
    expect((await balances()).get(emp.psn_no)).toBe(50000 - 2680);
  });

  it('a resend of the exact body returns the first answer and books nothing twice', async () => {
    const emp = r.env.person('employee');
    await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: 'drop-after-commit' });
    const body = await buildSettleBody(r, emp.case, 1234);
    await expect(r.term.raw(body.text)).rejects.toThrow();
    const again = await r.term.raw(body.text);
    expect(again.body).toMatchObject({ infcode: 0, output: { setlinfo: { acct_pay: '12.34' } } });
    const third = await r.term.raw(body.text);
    expect(third.body).toEqual(again.body);
    expect((await balances()).get(emp.psn_no)).toBe(50000 - 1234);
  });

  it('low balance: the account pays what it has, cash the rest', async () => {
    const low = r.env.person('low-balance');
    const a = await r.term.settle(low, 2680);
    expect(a.body.output).toMatchObject({ setlinfo: { acct_pay: '10.00', psn_cash_pay: '16.80', balc: '0.00' } });
  });

  it('resident: no account, all cash', async () => {
    const res = r.env.person('resident');
    const a = await r.term.settle(res, 999);
    expect(a.body.output).toMatchObject({ setlinfo: { acct_pay: '0.00', psn_cash_pay: '9.99', balc: '0.00' } });
  });

  it.each([
    ['frozen-online', 'CREDENTIAL_FROZEN'],
    ['frozen-offline', 'CREDENTIAL_FROZEN'],
    ['not-enrolled', 'NOT_ENROLLED'],
    ['suspended', 'INSURANCE_SUSPENDED'],
  ])('%s is refused with %s and nothing moves', async (c, code) => {
    const before = r.sim.dump();
    const a = await r.term.settle(r.env.person(c), 500);
    expect(a.body).toMatchObject({ infcode: -1, err_code: code });
    expect(JSON.parse(r.sim.dump())[1]).toEqual(JSON.parse(before)[1]);
  });

  it('refuses a voucher already used by a booked settlement', async () => {
    const emp = r.env.person('employee');
    const first = await r.term.settle(emp, 100);
    expect(first.body.infcode).toBe(0);
    const second = await r.term.settle(emp, 100, { voucher: first.voucher });
    expect(second.body.err_code).toBe('VOUCHER_REPLAYED');
    const info = await r.term.send('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: first.voucher.text } });
    expect(info.body.err_code).toBe('VOUCHER_REPLAYED');
  });

  it('refuses an expired voucher and an `id` code for payment', async () => {
    const emp = r.env.person('employee');
    const old = await issue(r.env.dir, r.clock(), emp.sub, { iatOffsetSec: -200 });
    expect((await r.term.settle(emp, 100, { voucher: old })).body.err_code).toBe('VOUCHER_INVALID');
    const id = await issue(r.env.dir, r.clock(), emp.sub, { use: 'id' });
    expect((await r.term.settle(emp, 100, { voucher: id })).body.err_code).toBe('VOUCHER_INVALID');
  });

  it('cross-region persons settle with their own insuplc_admdvs; EdDSA vouchers verify', async () => {
    const x = r.env.person('cross-region');
    const a = await r.term.settle(x, 300);
    expect(a.body).toMatchObject({ infcode: 0, output: { setlinfo: { acct_pay: '3.00' } } });
    const emp = r.env.person('employee');
    const ed = await issue(r.env.dir, r.clock(), emp.sub, { key: 'issuer-ed' });
    expect((await r.term.settle(emp, 200, { voucher: ed })).body.infcode).toBe(0);
  });
});

describe('PIN', () => {
  it('counts wrong PINs, locks after 3, until /admin/pin-reset', async () => {
    const p = r.env.person('pin-lock');
    const w1 = await r.term.settle(p, 100, { pin: '000000' });
    expect(w1.body).toMatchObject({ infcode: -1, err_code: 'PIN_WRONG', output: { tries_left: 2 } });
    const w2 = await r.term.settle(p, 100, { pin: '000000' });
    expect(w2.body).toMatchObject({ err_code: 'PIN_WRONG', output: { tries_left: 1 } });
    const w3 = await r.term.settle(p, 100, { pin: '000000' });
    expect(w3.body).toMatchObject({ err_code: 'PIN_LOCKED', output: { tries_left: 0 } });
    const right = await r.term.settle(p, 100);
    expect(right.body.err_code).toBe('PIN_LOCKED');
    expect((await postJson(`${r.sim.url}/admin/pin-reset`, { psn_no: p.psn_no })).status).toBe(200);
    expect((await r.term.settle(p, 100)).body.infcode).toBe(0);
    expect((await balances()).get(p.psn_no)).toBe(30000 - 100);
  });

  it('a correct PIN resets the count', async () => {
    const p = r.env.person('pin-lock');
    await r.term.settle(p, 100, { pin: '000000' });
    await r.term.settle(p, 100, { pin: '000000' });
    expect((await r.term.settle(p, 100)).body.infcode).toBe(0);
    expect((await r.term.settle(p, 100, { pin: '000000' })).body.output).toEqual({ tries_left: 2 });
  });

  it('refuses a PIN block sealed for another amount without counting it', async () => {
    const emp = r.env.person('employee');
    const body = await buildSettleBody(r, 'employee', 500, { sealAmountFen: 400 });
    const a = await r.term.raw(body.text);
    expect(a.body).toMatchObject({ infcode: -1, err_code: 'BAD_REQUEST' });
    expect(String(a.body.err_msg)).toContain('PIN_BLOCK_MISMATCH');
    expect((await r.term.settle(emp, 100)).body.infcode).toBe(0);
  });
});

describe('mutual aid and family accounts', () => {
  it('the bound owner pays from their account, with their PIN; notices go to the owner', async () => {
    const owner = r.env.person('mutual-aid-owner');
    const member = r.env.person('mutual-aid-member');
    const a = await r.term.settle(member, 4500, { payer: owner });
    expect(a.body.output).toMatchObject({ setlinfo: { psn_no: member.psn_no, acct_pay: '0.00', acct_mulaid_pay: '45.00', psn_cash_pay: '0.00', balc: '755.00' } });
    const notices = await getJson<Array<Record<string, unknown>>>(`${r.sim.url}/notices?psn_no=${owner.psn_no}`);
    expect(notices).toEqual([
      { time: '2026-11-22 10:00:00', pharmacy: r.env.settings.fixmedinsName, amount: '45.00', amountFen: 4500, kind: 'consumption', balance: '755.00', balanceFen: 75500 },
    ]);
    const wrongPin = await r.term.settle(member, 100, { payer: owner, pin: member.pin === '000000' ? '111111' : '000000' });
    expect(wrongPin.body.err_code).toBe('PIN_WRONG');
  });

  it('a payer who did not bind the patient is refused', async () => {
    const a = await r.term.settle(r.env.person('mutual-aid-member'), 100, { payer: r.env.person('unbound-payer') });
    expect(a.body.err_code).toBe('NO_MUTUAL_AID_BINDING');
  });

  it('a family-account code (act) settles only when act.sub added the member', async () => {
    const owner = r.env.person('family-owner');
    const member = r.env.person('family-member');
    const ok = await r.term.settle(member, 700, { act: { sub: owner.sub } });
    expect(ok.body).toMatchObject({ infcode: 0, output: { setlinfo: { psn_no: member.psn_no, acct_pay: '7.00' } } });
    const stranger = await r.term.settle(member, 700, { act: { sub: r.env.person('employee').sub } });
    expect(stranger.body.err_code).toBe('VOUCHER_INVALID');
  });
});

describe('cancel, reversal, query, reconciliation', () => {
  it('2103 refunds, then ALREADY_CANCELLED; 5203 shows the state', async () => {
    const emp = r.env.person('employee');
    const sale = await r.term.settle(emp, 2000);
    const s = (sale.body.output as { setlinfo: { setl_id: string; mdtrt_id: string } }).setlinfo;
    const c = await r.term.send('2103', { data: { psn_no: emp.psn_no, setl_id: s.setl_id, mdtrt_id: s.mdtrt_id } });
    expect(c.body.output).toMatchObject({ setlinfo: { acct_pay: '20.00', balc: '500.00' } });
    const c2 = await r.term.send('2103', { data: { psn_no: emp.psn_no, setl_id: s.setl_id, mdtrt_id: s.mdtrt_id } });
    expect(c2.body.err_code).toBe('ALREADY_CANCELLED');
    const q = await r.term.send('5203', { data: { psn_no: emp.psn_no, omsgid: sale.msgid } });
    expect(q.body.output).toMatchObject({ setlinfo: { setl_id: s.setl_id, state: 'cancelled' } });
    const nf = await r.term.send('2103', { data: { psn_no: emp.psn_no, setl_id: 'S999', mdtrt_id: 'M999' } });
    expect(nf.body.err_code).toBe('SETTLEMENT_NOT_FOUND');
    const notices = await getJson<Array<{ kind: string; amountFen: number }>>(`${r.sim.url}/notices?psn_no=${emp.psn_no}`);
    expect(notices.map((n) => [n.kind, n.amountFen])).toEqual([
      ['refund', 2000],
      ['consumption', 2000],
    ]);
  });

  it('2601 undoes a booked sale; repeated, it is harmless', async () => {
    const emp = r.env.person('employee');
    const sale = await r.term.settle(emp, 1500);
    const rev = { data: { psn_no: emp.psn_no, omsgid: sale.msgid, oinfno: '2102' } };
    expect((await r.term.send('2601', rev)).body.output).toEqual({ omsgid: sale.msgid, result: 'reversed' });
    expect((await r.term.send('2601', rev)).body.output).toEqual({ omsgid: sale.msgid, result: 'reversed' });
    expect((await balances()).get(emp.psn_no)).toBe(50000);
    const q = await r.term.send('5203', { data: { psn_no: emp.psn_no, omsgid: sale.msgid } });
    expect(q.body.err_code).toBe('NOT_FOUND');
  });

  it('2601 of a msgid that never arrived voids it: the late original never books', async () => {
    const emp = r.env.person('employee');
    const body = await buildSettleBody(r, 'employee', 800);
    const rev = await r.term.send('2601', { data: { psn_no: emp.psn_no, omsgid: body.msgid, oinfno: '2102' } });
    expect(rev.body.output).toEqual({ omsgid: body.msgid, result: 'voided' });
    const late = await r.term.raw(body.text);
    expect(late.body.err_code).toBe('ALREADY_CANCELLED');
    expect((await balances()).get(emp.psn_no)).toBe(50000);
  });

  it('2601 of a cancel restores the sale', async () => {
    const emp = r.env.person('employee');
    const sale = await r.term.settle(emp, 900);
    const s = (sale.body.output as { setlinfo: { setl_id: string; mdtrt_id: string } }).setlinfo;
    const c = await r.term.send('2103', { data: { psn_no: emp.psn_no, setl_id: s.setl_id, mdtrt_id: s.mdtrt_id } });
    expect(c.body.infcode).toBe(0);
    const cancelMsgid = (await getJson<Array<{ msgid: string; infno: string }>>(`${r.sim.url}/admin/bookings`)).find((b) => b.infno === '2103')!.msgid;
    await r.term.send('2601', { data: { psn_no: emp.psn_no, omsgid: cancelMsgid, oinfno: '2103' } });
    expect((await balances()).get(emp.psn_no)).toBe(50000 - 900);
    const q = await r.term.send('5203', { data: { psn_no: emp.psn_no, omsgid: sale.msgid } });
    expect(q.body.output).toMatchObject({ setlinfo: { state: 'booked' } });
  });

  it('3201 compares the terminal totals with the booked ones', async () => {
    const emp = r.env.person('employee');
    await r.term.settle(emp, 1000);
    await r.term.settle(r.env.person('resident'), 250);
    const rev = await r.term.settle(emp, 300);
    await r.term.send('2601', { data: { psn_no: emp.psn_no, omsgid: rev.msgid, oinfno: '2102' } });
    const ask = (total: string, acct: string, n: number) =>
      r.term.send('3201', { data: { stmt_begndate: '2026-11-22', stmt_enddate: '2026-11-22', medfee_sumamt: total, acct_pay: acct, fixmedins_setl_cnt: n } });
    expect((await ask('12.50', '10.00', 2)).body.output).toEqual({
      stmtinfo: { setl_optins: r.env.settings.mdtrtAreaAdmvs, stmt_rslt: '0', stmt_rslt_dscr: '对账平' },
      stmt_rslt: '0',
      medfee_sumamt: '12.50',
      fund_pay_sumamt: '0.00',
      acct_pay: '10.00',
      fixmedins_setl_cnt: 2,
    });
    expect((await ask('15.50', '13.00', 3)).body.output).toMatchObject({ stmtinfo: { stmt_rslt: '1', stmt_rslt_dscr: '对账不平：医疗费总额、个人账户支付金额、结算笔数不一致' } });
    // National shape: per insurance type, with the fund total compared too.
    const national = (insutype: string, total: string, fund: string, acct: string, n: number) =>
      r.term.send('3201', {
        data: { insutype, clr_type: '41', setl_optins: r.env.settings.mdtrtAreaAdmvs, stmt_begndate: '2026-11-22', stmt_enddate: '2026-11-22', medfee_sumamt: total, fund_pay_sumamt: fund, acct_pay: acct, fixmedins_setl_cnt: n },
      });
    expect((await national('310', '10.00', '0.00', '10.00', 1)).body.output).toMatchObject({ stmtinfo: { stmt_rslt: '0' } });
    expect((await national('390', '2.50', '0.00', '0.00', 1)).body.output).toMatchObject({ stmtinfo: { stmt_rslt: '0' } });
    expect((await national('310', '10.00', '1.00', '10.00', 1)).body.output).toMatchObject({ stmtinfo: { stmt_rslt: '1', stmt_rslt_dscr: expect.stringContaining('基金支付总额') } });
  });
});

describe('faults (admin, loopback)', () => {
  it('5xx and close answer nothing and book nothing; delay still books', async () => {
    const emp = r.env.person('employee');
    await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: '5xx' });
    expect((await r.term.settle(emp, 100)).status).toBe(503);
    await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: 'close' });
    await expect(r.term.settle(emp, 100)).rejects.toThrow();
    expect((await balances()).get(emp.psn_no)).toBe(50000);
    await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: 'delay', delayMs: 1 });
    expect((await r.term.settle(emp, 100)).body.infcode).toBe(0);
    await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: '5xx', times: -1 });
    expect((await r.term.settle(emp, 100)).status).toBe(503);
    expect((await r.term.settle(emp, 100)).status).toBe(503);
    await postJson(`${r.sim.url}/admin/faults`, undefined, 'DELETE');
    expect((await r.term.settle(emp, 100)).body.infcode).toBe(0);
  });

  it('a fault that names a terminal key meets only that terminal', async () => {
    const emp = r.env.person('employee');
    await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: '5xx', kid: 'another-till' });
    expect((await r.term.settle(emp, 100)).body.infcode).toBe(0);
    await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: '5xx', kid: r.env.settings.terminalKid });
    expect((await r.term.settle(emp, 100)).status).toBe(503);
    expect((await r.term.settle(emp, 100)).body.infcode).toBe(0);
    await postJson(`${r.sim.url}/admin/faults`, undefined, 'DELETE');
  });

  it('refuses a malformed fault', async () => {
    const a = await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: 'explode' });
    expect(a.status).toBe(400);
    expect((await postJson(`${r.sim.url}/admin/faults`, { infno: '2102', kind: '5xx', kid: 7 })).status).toBe(400);
  });
});

/** The exact bytes of a 2102 for a case, to send (and resend) as is. */
async function buildSettleBody(run: Running, c: string, totalFen: number, opts: { sealAmountFen?: number } = {}) {
  const { sealPinBlock } = await import('../../src/pin/seal.js');
  const { readEnvKey } = await import('../../src/sim/env.js');
  const p = run.env.person(c);
  const v = await issue(run.env.dir, run.clock(), p.sub);
  const msgid = run.term.newMsgid();
  const pinBlock = await sealPinBlock(p.pin, {
    jti: v.jti,
    msgid,
    amountFen: opts.sealAmountFen ?? totalFen,
    pinKey: await readEnvKey(run.env.dir, 'pin', 'public'),
    now: run.clock(),
  });
  const env = run.term.envelope('2102', run.term.drugInput(p.psn_no, p.insutype, v.text, totalFen, { pinBlock }), { msgid });
  return { msgid, text: JSON.stringify(env) };
}

describe('admin is loopback only', () => {
  it('recognises loopback peers only', async () => {
    const { isLoopbackAddress } = await import('../../src/sim/admin.js');
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of [undefined, '', '10.0.0.5', '::ffff:192.168.1.2', '128.0.0.1', 'fe80::1', '127.0.0.1.evil']) expect(isLoopbackAddress(a)).toBe(false);
  });
});

describe('concurrency', () => {
  it('the same message sent 8 times at once books once and every copy gets the same answer', async () => {
    const emp = r.env.person('employee');
    const { sealPinBlock } = await import('../../src/pin/seal.js');
    const { readEnvKey } = await import('../../src/sim/env.js');
    const v = await issue(r.env.dir, r.clock(), emp.sub);
    const msgid = r.term.newMsgid();
    const pinBlock = await sealPinBlock(emp.pin, { jti: v.jti, msgid, amountFen: 700, pinKey: await readEnvKey(r.env.dir, 'pin', 'public'), now: r.clock() });
    const text = JSON.stringify(r.term.envelope('2102', r.term.drugInput(emp.psn_no, '310', v.text, 700, { pinBlock }), { msgid }));
    const answers = await Promise.all(Array.from({ length: 8 }, () => r.term.raw(text)));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(answers[0]!.body.infcode).toBe(0);
    expect((await balances()).get(emp.psn_no)).toBe(50000 - 700);
  });

  it('two messages with the same voucher at once: one books, the other is VOUCHER_REPLAYED', async () => {
    const emp = r.env.person('employee');
    const v = await issue(r.env.dir, r.clock(), emp.sub);
    const [a, b] = await Promise.all([r.term.settle(emp, 300, { voucher: v }), r.term.settle(emp, 300, { voucher: v })]);
    expect([a.body.err_code, b.body.err_code].sort()).toEqual([undefined, 'VOUCHER_REPLAYED'].sort());
    expect((await balances()).get(emp.psn_no)).toBe(50000 - 300);
  });
});

describe('owner-side rules (admin)', () => {
  it('a binding younger than 3 months cannot be undone; once bound, the owner pays', async () => {
    const owner = r.env.person('unbound-payer');
    const member = r.env.person('mutual-aid-member');
    const bind = { owner_psn_no: owner.psn_no, member_psn_no: member.psn_no };
    expect((await postJson(`${r.sim.url}/admin/bindings`, bind)).status).toBe(200);
    expect((await postJson(`${r.sim.url}/admin/bindings`, bind)).status).toBe(409);
    expect((await r.term.settle(member, 100, { payer: owner })).body.infcode).toBe(0);
    expect((await postJson(`${r.sim.url}/admin/bindings`, bind, 'DELETE')).status).toBe(409);
    r.clock.advance(91 * 24 * 3600e3);
    // The environment's trust list lives 30 days: renew it, as a pharmacy's would be.
    await renewTrustList(r.env.dir, r.clock);
    await r.term.signIn();
    expect((await postJson(`${r.sim.url}/admin/bindings`, bind, 'DELETE')).status).toBe(200);
    expect((await r.term.settle(member, 100, { payer: owner })).body.err_code).toBe('NO_MUTUAL_AID_BINDING');
    // A resident has no account to share.
    const resident = r.env.person('resident');
    expect((await postJson(`${r.sim.url}/admin/bindings`, { owner_psn_no: resident.psn_no, member_psn_no: member.psn_no })).status).toBe(409);
  });

  it('a family-account owner may add at most 5 members', async () => {
    const owner = r.env.person('family-owner');
    const others = ['employee', 'low-balance', 'resident', 'cross-region', 'pin-lock'].map((c) => r.env.person(c));
    const add = (m: { sub: string }) => postJson(`${r.sim.url}/admin/family`, { owner_sub: owner.sub, member_sub: m.sub });
    for (const m of others.slice(0, 4)) expect((await add(m)).status).toBe(200);
    expect((await add(others[4]!)).status).toBe(409);
    expect((await add(r.env.person('family-member'))).status).toBe(409);
    expect((await postJson(`${r.sim.url}/admin/family`, { owner_sub: owner.sub })).status).toBe(400);
    const res = await r.term.settle(others[0]!, 100, { act: { sub: owner.sub } });
    expect(res.body.infcode).toBe(0);
  });
});
