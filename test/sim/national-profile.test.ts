/**
 * `--profile national`: the simulator answers exactly as real gateways do,
 * and the SDK client reads those answers to the same typed results. Also:
 * 1101 with a voucher longer than 50 characters, decimal lines, 5203 by
 * setl_id + mdtrt_id, and the SM3withSM2 request security profile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { certRef } from '../../src/gateway/cert-no.js';
import { GatewayClient } from '../../src/gateway/client.js';
import { sm2Security } from '../../src/gateway/security/national.js';
import { sm2KeyPair } from '../../src/gateway/security/sm2.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import type { PersonCase } from '../../src/sim/init.js';
import { startSimulator } from '../../src/sim/server.js';
import { issue, running, type Running } from './helpers/terminal.js';

let r: Running;
const clients: GatewayClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await r.sim.close();
});

async function client(overrides: Parameters<typeof createGatewayClientFromEnv>[1] = {}): Promise<GatewayClient> {
  const c = await createGatewayClientFromEnv(r.env.dir, { url: r.sim.url, clock: r.clock, ...overrides });
  clients.push(c);
  return c;
}

async function request(p: PersonCase, items: SettleRequest['items'], totalFen: number, msgid: string, pin = p.pin): Promise<SettleRequest> {
  const v = await issue(r.env.dir, r.clock(), p.sub, { reg: p.reg });
  const pinBlock = await sealPinBlock(pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(r.env.dir, 'pin', 'public'), now: r.clock() });
  return { voucherText: v.text, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items, totalFen, pinBlock };
}

describe('raw answers of the national profile', () => {
  it('2102, 5203, 2103, 2601 and 3201 in the real shape; a replay answers the same', async () => {
    r = await running({ profile: 'national' });
    const emp = r.env.person('employee');
    const v = await issue(r.env.dir, r.clock(), emp.sub, { reg: emp.reg });
    const msgid = r.term.newMsgid();
    const pinBlock = await sealPinBlock(emp.pin, { jti: v.jti, msgid, amountFen: 2680, pinKey: await readEnvKey(r.env.dir, 'pin', 'public'), now: r.clock() });
    const input = r.term.drugInput(emp.psn_no, '310', v.text, 2680, { pinBlock });
    const s = await r.term.send('2102', input, { msgid, insuplc: emp.reg });
    expect(s.status).toBe(200);
    const body = s.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['cainfo', 'err_msg', 'inf_refmsgid', 'infcode', 'output', 'refmsg_time', 'respond_time', 'signtype', 'warn_msg']);
    expect(body).toMatchObject({ infcode: 0, err_msg: null, warn_msg: null, cainfo: null, signtype: null });
    const setl = (body.output as { setlinfo: Record<string, unknown> }).setlinfo;
    expect(setl).toMatchObject({ medfee_sumamt: 26.8, fund_pay_sumamt: 0, acct_pay: 26.8, acct_mulaid_pay: '', psn_cash_pay: 0, balc: 473.2, psn_pay: 26.8 });
    expect(setl).toMatchObject({ medins_setl_id: msgid, clr_type: '41', clr_optins: emp.reg, insutype: '310', setl_time: '2026-11-22 10:00:00' });
    expect(setl).not.toHaveProperty('state');
    // The same msgid and body again: the stored answer, shaped the same way, booked once.
    expect((await r.term.send('2102', input, { msgid, insuplc: emp.reg })).body).toEqual(body);

    const q = await r.term.send('5203', { data: { psn_no: emp.psn_no, setl_id: setl.setl_id, mdtrt_id: setl.mdtrt_id } }, { insuplc: emp.reg });
    expect((q.body.output as { setlinfo: Record<string, unknown> }).setlinfo).toMatchObject({ setl_id: setl.setl_id, refd_setl_flag: '0', acct_pay: 26.8 });
    expect((q.body.output as { setlinfo: Record<string, unknown> }).setlinfo).not.toHaveProperty('state');

    const c = await r.term.send('2103', { data: { psn_no: emp.psn_no, setl_id: setl.setl_id, mdtrt_id: setl.mdtrt_id } }, { insuplc: emp.reg });
    expect((c.body.output as { setlinfo: unknown }).setlinfo).toMatchObject({ medfee_sumamt: -26.8, acct_pay: -26.8, acct_mulaid_pay: '', cash_payamt: 0, psn_pay: -26.8, balc: 500 });
    expect((c.body.output as { setlinfo: unknown }).setlinfo).not.toHaveProperty('psn_cash_pay');

    const again = await r.term.send('2103', { data: { psn_no: emp.psn_no, setl_id: setl.setl_id, mdtrt_id: setl.mdtrt_id } }, { insuplc: emp.reg });
    expect(again.body).toMatchObject({ infcode: -1, err_msg: '原交易已撤销或已冲正', output: null });
    expect(again.body).not.toHaveProperty('err_code');

    const rev = await r.term.settle(emp, 100);
    const voided = await r.term.send('2601', { data: { psn_no: emp.psn_no, omsgid: rev.msgid, oinfno: '2102' } }, { insuplc: emp.reg });
    expect(voided.body).toMatchObject({ infcode: 0, output: null });

    const rec = await r.term.send('3201', {
      data: { insutype: '310', clr_type: '41', setl_optins: r.env.settings.mdtrtAreaAdmvs, stmt_begndate: '2026-11-22', stmt_enddate: '2026-11-22', medfee_sumamt: '0.00', fund_pay_sumamt: '0.00', acct_pay: '0.00', fixmedins_setl_cnt: 0 },
    });
    expect(rec.body.output).toEqual({ stmtinfo: { setl_optins: r.env.settings.mdtrtAreaAdmvs, stmt_rslt: '0', stmt_rslt_dscr: '对账平' } });
  });

  it('a wrong PIN says the tries left in err_msg only', async () => {
    r = await running({ profile: 'national' });
    const p = r.env.person('pin-lock');
    const a = await r.term.settle(p, 100, { pin: p.pin === '000000' ? '111111' : '000000' });
    expect(a.body).toEqual(expect.objectContaining({ infcode: -1, err_msg: '医保支付密码错误，还可输入2次', output: null }));
    expect(a.body).not.toHaveProperty('err_code');
    expect(a.body).not.toHaveProperty('tries_left');
  });
});

describe('the SDK client against the national profile', () => {
  it('settles, reads the refusal classes from err_msg, cancels, queries by ids, reconciles', async () => {
    r = await running({ profile: 'national' });
    r.clock.advance(1000);
    const gw = await client();
    const emp = r.env.person('employee');
    const msgid = gw.newMsgid();
    const s = await gw.settle(await request(emp, [{ code: 'XA01AAA001', qty: 2, priceFen: 1340 }], 2680, msgid), { msgid });
    expect(s).toMatchObject({ psnNo: emp.psn_no, totalFen: 2680, acctPayFen: 2680, acctMulaidPayFen: 0, cashFen: 0, balanceFen: 47320, national: { medinsSetlId: msgid } });
    expect(await gw.querySettlement({ psnNo: emp.psn_no, setlId: s.setlId, mdtrtId: s.mdtrtId, insuplcAdmdvs: emp.reg })).toMatchObject({ setlId: s.setlId, totalFen: 2680 });
    expect(await gw.query({ psnNo: emp.psn_no, omsgid: msgid, insuplcAdmdvs: emp.reg })).toMatchObject({ setlId: s.setlId });
    const rec = await gw.reconcile({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 2680, acctPayFen: 2680, count: 1 });
    expect(rec).toEqual({ balanced: true, gateway: { totalFen: 2680, acctPayFen: 2680, count: 1 }, totalsFromGateway: false, description: '对账平' });
    expect((await gw.reconcile({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 1, acctPayFen: 1, count: 1 })).balanced).toBe(false);
    // Per insurance type: the employee sale is 310; nothing under 390.
    expect((await gw.reconcile({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 2680, acctPayFen: 2680, count: 1, insutype: '310' })).balanced).toBe(true);
    expect((await gw.reconcile({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 0, acctPayFen: 0, count: 0, insutype: '390' })).balanced).toBe(true);
    expect((await gw.reconcile({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 2680, acctPayFen: 2680, count: 1, insutype: '390' })).balanced).toBe(false);
    expect(await gw.cancel({ psnNo: emp.psn_no, setlId: s.setlId, mdtrtId: s.mdtrtId, insuplcAdmdvs: emp.reg }, { msgid: gw.newMsgid() })).toMatchObject({ acctPayFen: 2680, acctMulaidPayFen: 0, cashFen: 0, balanceFen: 50000 });

    const lock = r.env.person('pin-lock');
    const wrong = lock.pin === '000000' ? '111111' : '000000';
    const m1 = gw.newMsgid();
    await expect(gw.settle(await request(lock, [{ code: 'X', qty: 1, priceFen: 100 }], 100, m1, wrong), { msgid: m1 })).rejects.toMatchObject({ code: 'GATEWAY_PIN_WRONG', outcome: 'refused', triesLeft: 2 });
    const m2 = gw.newMsgid();
    await expect(gw.settle(await request(lock, [{ code: 'X', qty: 1, priceFen: 100 }], 100, m2, wrong), { msgid: m2 })).rejects.toMatchObject({ triesLeft: 1 });
    const m3 = gw.newMsgid();
    await expect(gw.settle(await request(lock, [{ code: 'X', qty: 1, priceFen: 100 }], 100, m3, wrong), { msgid: m3 })).rejects.toMatchObject({ code: 'GATEWAY_PIN_LOCKED' });
    const low = r.env.person('not-enrolled');
    await expect(gw.personInfo((await issue(r.env.dir, r.clock(), low.sub, { use: 'id' })).text)).rejects.toMatchObject({ code: 'GATEWAY_NOT_ENROLLED' });
  });

  it('1101: a long voucher goes as a 50-character reference plus the extension; the insured region comes from the answer', async () => {
    r = await running({ profile: 'national' });
    const cross = r.env.person('cross-region');
    const v = await issue(r.env.dir, r.clock(), cross.sub, { use: 'id', reg: cross.reg });
    expect(v.text.length).toBeGreaterThan(50);
    // Sent to the pharmacy's region, not the voucher's: 1101 finds the insured region.
    const a = await r.term.send('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: certRef(v.text), card_sn: '', begntime: '', psn_cert_type: '', certno: '', psn_name: '', mdtrt_cert_ext: v.text } });
    expect(a.body).toMatchObject({ infcode: 0 });
    const out = a.body.output as { insuinfo: Array<Record<string, unknown>>; baseinfo: Record<string, unknown>; idetinfo: unknown[] };
    expect(out.insuinfo[0]).toMatchObject({ insuplc_admdvs: cross.reg, psn_insu_stas: '1', psn_insu_date: '2015-01-01' });
    expect(certRef(v.text)).toHaveLength(44);
    const wrongRef = await r.term.send('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: certRef(`${v.text}x`), mdtrt_cert_ext: v.text } });
    expect(wrongRef.body).toMatchObject({ infcode: -1 });
    r.clock.advance(1000);
    const gw = await client();
    const info = await gw.personInfo(v.text);
    expect(info.insurances[0]).toMatchObject({ insuplcAdmdvs: cross.reg, insuDate: '2015-01-01', status: '1' });
    expect(info.identities).toEqual([]);
  });

  it('decimal lines: part packs settle at cnt × pric rounded half up; a wrong line total is refused', async () => {
    r = await running({ profile: 'national' });
    r.clock.advance(1000);
    const gw = await client();
    const emp = r.env.person('employee');
    const msgid = gw.newMsgid();
    const items = [
      { code: 'XJ01CRA045A001010100001', qty: 10, price: '0.558333', partPack: '10/24片' },
      { code: 'XR05XAF122B002010100002', qty: '0.5', priceFen: 1345 },
    ];
    expect(await gw.settle(await request(emp, items, 1231, msgid), { msgid })).toMatchObject({ totalFen: 1231, acctPayFen: 1231 });
    const v = await issue(r.env.dir, r.clock(), emp.sub, { reg: emp.reg });
    const input = r.term.drugInput(emp.psn_no, '310', v.text, 673) as { drugdetail: Array<Record<string, unknown>> };
    input.drugdetail[0] = { ...input.drugdetail[0], cnt: 0.5, pric: '13.45', det_item_fee_sumamt: '6.72' };
    const bad = await r.term.send('2101', input, { insuplc: emp.reg });
    expect(bad.body).toMatchObject({ infcode: -1, err_msg: expect.stringContaining('det_item_fee_sumamt') });
    input.drugdetail[0] = { ...input.drugdetail[0], det_item_fee_sumamt: '6.73' };
    expect((await r.term.send('2101', input, { insuplc: emp.reg })).body).toMatchObject({ infcode: 0, output: { setlinfo: { medfee_sumamt: 6.73 } } });
  });
});

describe('SM3withSM2 request security', () => {
  it('a terminal signing in cainfo (and encrypting input with SM4) settles; unsigned or wrongly signed is 401', async () => {
    const terminal = sm2KeyPair();
    const sm4KeyHex = '0123456789abcdeffedcba9876543210';
    r = await running({ profile: 'national' });
    // Restarted with the terminal's SM2 key registered for the environment's pharmacy code and device.
    await r.sim.close();
    r.sim = await startSimulator({
      dir: r.env.dir,
      clock: r.clock,
      profile: 'national',
      sm2: { terminals: [{ fixmedinsCode: r.env.settings.fixmedinsCode, devNo: r.env.settings.devNo, publicKeyHex: terminal.publicKeyHex }], sm4KeyHex },
    });
    r.clock.advance(1000);
    const gw = await client({ security: sm2Security({ privateKeyHex: terminal.privateKeyHex, sm4KeyHex }) });
    const emp = r.env.person('employee');
    const msgid = gw.newMsgid();
    expect(await gw.settle(await request(emp, [{ code: 'X', qty: 1, priceFen: 500 }], 500, msgid), { msgid })).toMatchObject({ totalFen: 500, acctPayFen: 500 });
    const stranger = await client({ security: sm2Security({ privateKeyHex: sm2KeyPair().privateKeyHex, sm4KeyHex }) });
    await expect(stranger.signIn()).rejects.toMatchObject({ code: 'GATEWAY_UNAUTHORIZED' });
    const res = await fetch(`${r.sim.url}/trans`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"infno":"9001"}' });
    expect(res.status).toBe(401);
  });
});
