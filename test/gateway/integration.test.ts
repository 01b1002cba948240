/**
 * The SDK client against the real simulator (HTTP + SQLite ledger) on
 * loopback: every method, automatic sign-in across the gateway's day change,
 * faults that leave the outcome unknown and their reversal, an unregistered key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import type { GatewayClient } from '../../src/gateway/client.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import { manualClock } from '../../src/lib/clock.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import type { PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { getJson, issue, makeEnv, postJson, T0, type Env } from '../sim/helpers/terminal.js';
import { failure } from './helpers/failure.js';

let clock: ReturnType<typeof manualClock>;
let env: Env;
let sim: Simulator;
let client: GatewayClient;

beforeEach(async () => {
  clock = manualClock(T0);
  env = await makeEnv(clock);
  sim = await startSimulator({ dir: env.dir, clock });
  client = await createGatewayClientFromEnv(env.dir, { url: sim.url, clock, timeoutMs: 3000 });
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

async function sale(p: PersonCase, totalFen: number, msgid: string, pin = p.pin): Promise<SettleRequest> {
  const v = await issue(env.dir, clock(), p.sub, { reg: p.reg });
  const pinBlock = await sealPinBlock(pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(env.dir, 'pin', 'public'), now: clock() });
  return {
    voucherText: v.text,
    psnNo: p.psn_no,
    insutype: p.insutype,
    insuplcAdmdvs: p.reg,
    items: [
      { code: 'XA01AAA001', qty: 1, priceFen: totalFen - 100 },
      { code: 'XB02BBB002', qty: 1, priceFen: 100, traceCode: '81234567890123456789' },
    ],
    totalFen,
    pinBlock,
  };
}

const balanceOf = async (psnNo: string) => (await getJson<Array<{ psn_no: string; balanceFen: number }>>(`${sim.url}/admin/accounts`)).find((a) => a.psn_no === psnNo)?.balanceFen;
const bookings = () => getJson<Array<{ msgid: string; infno: string; state: string; totalFen: number }>>(`${sim.url}/admin/bookings`);

describe('GatewayClient against the simulator', () => {
  it('every method: sign-in, person info, pre-settle, settle, query, cancel, reverse, reconcile, sign-out', async () => {
    const emp = env.person('employee');
    const { signNo } = await client.signIn();
    expect(signNo).toBe(client.signNo);

    const info = await client.personInfo((await issue(env.dir, clock(), emp.sub, { use: 'id' })).text, emp.reg);
    expect(info.psnNo).toBe(emp.psn_no);
    expect(info.insurances[0]).toMatchObject({ insutype: '310', balanceFen: 50000 });

    const pre = await client.preSettle({ ...(await sale(emp, 2680, client.newMsgid())), pinBlock: undefined });
    expect(pre).toMatchObject({ totalFen: 2680, acctPayFen: 2680, cashFen: 0 });
    expect(await bookings()).toHaveLength(0);

    const msgid = client.newMsgid();
    const s = await client.settle(await sale(emp, 2680, msgid), { msgid });
    expect(s).toMatchObject({ psnNo: emp.psn_no, totalFen: 2680, acctPayFen: 2680, cashFen: 0, balanceFen: 47320 });
    expect(await balanceOf(emp.psn_no)).toBe(47320);
    expect(s.national).toMatchObject({ medinsSetlId: msgid, clrType: '41', insutype: '310', psnPayFen: 2680, setlTime: '2026-11-22 10:00:00' });
    const found = { ...s, national: { ...s.national, refdSetlFlag: '0' } };
    expect(await client.query({ psnNo: emp.psn_no, omsgid: msgid, insuplcAdmdvs: emp.reg })).toEqual(found);
    expect(await client.querySettlement({ psnNo: emp.psn_no, setlId: s.setlId, mdtrtId: s.mdtrtId, insuplcAdmdvs: emp.reg })).toEqual(found);
    expect(await client.querySettlement({ psnNo: emp.psn_no, setlId: s.setlId, mdtrtId: 'M-other', insuplcAdmdvs: emp.reg })).toBeNull();

    const day = '2026-11-22';
    expect(await client.reconcile({ beginDate: day, endDate: day, totalFen: 2680, acctPayFen: 2680, count: 1 })).toEqual({
      balanced: true,
      gateway: { totalFen: 2680, acctPayFen: 2680, count: 1 },
      totalsFromGateway: true,
      description: '对账平',
    });

    const refund = await client.cancel({ psnNo: emp.psn_no, setlId: s.setlId, mdtrtId: s.mdtrtId, insuplcAdmdvs: emp.reg }, { msgid: client.newMsgid() });
    expect(refund).toEqual({ acctPayFen: 2680, acctMulaidPayFen: 0, balanceFen: 50000, cashFen: 0 });
    expect(await balanceOf(emp.psn_no)).toBe(50000);
    const again = await failure(client.cancel({ psnNo: emp.psn_no, setlId: s.setlId, mdtrtId: s.mdtrtId, insuplcAdmdvs: emp.reg }, { msgid: client.newMsgid() }));
    expect(again.code).toBe('GATEWAY_ALREADY_CANCELLED');

    // A reversal of a msgid the gateway never saw succeeds and voids it.
    const never = client.newMsgid();
    await client.reverse({ psnNo: emp.psn_no, omsgid: never, oinfno: '2102', insuplcAdmdvs: emp.reg }, { msgid: client.newMsgid() });
    expect(await client.query({ psnNo: emp.psn_no, omsgid: never, insuplcAdmdvs: emp.reg })).toBeNull();

    await client.signOut();
    expect(client.signNo).toBeUndefined();
    const cross = env.person('cross-region');
    const m2 = client.newMsgid();
    const s2 = await client.settle(await sale(cross, 1000, m2), { msgid: m2 });
    expect(s2).toMatchObject({ psnNo: cross.psn_no, acctPayFen: 1000 });
    expect(client.signNo).not.toBe(signNo);
  });

  it('a sign-in from yesterday: SIGN_IN_REQUIRED, one sign-in, the same msgid resent and booked once', async () => {
    const emp = env.person('employee');
    await client.signIn();
    const old = client.signNo;
    clock.advance(24 * 3600_000);
    const msgid = client.newMsgid();
    const s = await client.settle(await sale(emp, 1500, msgid), { msgid });
    expect(s.balanceFen).toBe(48500);
    expect(client.signNo).not.toBe(old);
    expect((await bookings()).filter((b) => b.msgid === msgid)).toHaveLength(1);
  });

  it('the same msgid sent twice with the same sale is booked once', async () => {
    const emp = env.person('employee');
    const msgid = client.newMsgid();
    const req = await sale(emp, 1200, msgid);
    const a = await client.settle(req, { msgid });
    const b = await client.settle(req, { msgid });
    expect(b).toEqual(a);
    expect(await balanceOf(emp.psn_no)).toBe(48800);
  });

  it.each(['5xx', 'close', 'drop-after-commit'] as const)('fault %s on 2102: GATEWAY_UNKNOWN_OUTCOME, and the reversal leaves the balance whole', async (kind) => {
    const emp = env.person('employee');
    await client.signIn();
    expect((await postJson(`${sim.url}/admin/faults`, { infno: '2102', kind })).status).toBeLessThan(300);
    const msgid = client.newMsgid();
    const e = await failure(client.settle(await sale(emp, 2000, msgid), { msgid }));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.outcome).toBe('unknown');
    expect(e.msgid).toBe(msgid);
    await client.reverse({ psnNo: emp.psn_no, omsgid: msgid, oinfno: '2102', insuplcAdmdvs: emp.reg }, { msgid: client.newMsgid() });
    expect(await balanceOf(emp.psn_no)).toBe(50000);
    expect(await client.query({ psnNo: emp.psn_no, omsgid: msgid, insuplcAdmdvs: emp.reg })).toBeNull();
  });

  it('an answer slower than the client timeout is an unknown outcome', async () => {
    const fast = await createGatewayClientFromEnv(env.dir, { url: sim.url, clock, timeoutMs: 150 });
    try {
      const emp = env.person('employee');
      await fast.signIn();
      await postJson(`${sim.url}/admin/faults`, { infno: '2102', kind: 'delay', delayMs: 1500 });
      const msgid = fast.newMsgid();
      const e = await failure(fast.settle(await sale(emp, 2000, msgid), { msgid }));
      expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
      expect(e.details.reason).toBe('timeout');
    } finally {
      await fast.close();
    }
  });

  it('refusals come back typed: wrong PIN with tries left, frozen, not enrolled', async () => {
    const p = env.person('pin-lock');
    const m1 = client.newMsgid();
    const wrong = await failure(client.settle(await sale(p, 500, m1, '000000'), { msgid: m1 }));
    expect(wrong).toMatchObject({ code: 'GATEWAY_PIN_WRONG', outcome: 'refused', errCode: 'PIN_WRONG', triesLeft: 2 });
    expect(wrong.errMsg).toMatch(/[\u4e00-\u9fa5]/);
    const frozen = env.person('frozen-online');
    const m2 = client.newMsgid();
    expect((await failure(client.settle(await sale(frozen, 500, m2), { msgid: m2 }))).code).toBe('GATEWAY_CREDENTIAL_FROZEN');
    const ne = env.person('not-enrolled');
    expect((await failure(client.personInfo((await issue(env.dir, clock(), ne.sub, { use: 'id' })).text, ne.reg))).code).toBe('GATEWAY_NOT_ENROLLED');
  });

  it('a terminal key the gateway does not know: GATEWAY_UNAUTHORIZED and nothing changes', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const stranger = await createGatewayClientFromEnv(env.dir, { url: sim.url, clock, terminalKey: { ...(await exportJWK(privateKey)), kid: 'stranger' } });
    try {
      const before = sim.dump();
      const e = await failure(stranger.signIn());
      expect(e).toMatchObject({ code: 'GATEWAY_UNAUTHORIZED', outcome: 'refused', httpStatus: 401 });
      expect(sim.dump()).toBe(before);
    } finally {
      await stranger.close();
    }
  });
});
