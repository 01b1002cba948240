import { afterEach, beforeEach, expect, it } from 'vitest';
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import type { GatewayClient } from '../../src/gateway/client.js';
import { GatewayError } from '../../src/gateway/errors.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import { issue, running, type Running } from './helpers/terminal.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import type { PersonCase } from '../../src/sim/init.js';

let r: Running;
let client: GatewayClient;
beforeEach(async () => {
  r = await running();
  // The helper terminal signed in with this pharmacy's msgids of T0; the client starts a second later.
  r.clock.advance(1000);
  client = await createGatewayClientFromEnv(r.env.dir, { url: r.sim.url, clock: r.clock });
});
afterEach(async () => {
  await client.close();
  await r.sim.close();
});

async function request(p: PersonCase, totalFen: number, msgid: string, pin = p.pin): Promise<SettleRequest> {
  const v = await issue(r.env.dir, r.clock(), p.sub, { reg: p.reg });
  const pinBlock = await sealPinBlock(pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(r.env.dir, 'pin', 'public'), now: r.clock() });
  return {
    voucherText: v.text,
    psnNo: p.psn_no,
    insutype: p.insutype,
    insuplcAdmdvs: p.reg,
    items: [{ code: 'XA01AAA001', qty: 2, priceFen: totalFen / 2 }],
    totalFen,
    pinBlock,
  };
}

it('the SDK client signs in by itself and settles, queries, reverses and reconciles', async () => {
  const emp = r.env.person('employee');
  const info = await client.personInfo((await issue(r.env.dir, r.clock(), emp.sub)).text, emp.reg);
  expect(info).toMatchObject({ psnNo: emp.psn_no, insurances: [{ insutype: '310', balanceFen: 50000 }] });
  const msgid = client.newMsgid();
  const s = await client.settle(await request(emp, 2680, msgid), { msgid });
  expect(s).toMatchObject({ psnNo: emp.psn_no, totalFen: 2680, acctPayFen: 2680, cashFen: 0, balanceFen: 47320 });
  expect(await client.query({ psnNo: emp.psn_no, omsgid: msgid, insuplcAdmdvs: emp.reg })).toMatchObject({ setlId: s.setlId });
  const rec = await client.reconcile({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 2680, acctPayFen: 2680, count: 1 });
  expect(rec).toMatchObject({ balanced: true, gateway: { totalFen: 2680, acctPayFen: 2680, count: 1 } });
  await client.reverse({ psnNo: emp.psn_no, omsgid: msgid, oinfno: '2102', insuplcAdmdvs: emp.reg }, { msgid: client.newMsgid() });
  expect(await client.query({ psnNo: emp.psn_no, omsgid: msgid, insuplcAdmdvs: emp.reg })).toBeNull();
});

it('a wrong PIN reaches the SDK as GATEWAY_PIN_WRONG with triesLeft', async () => {
  const p = r.env.person('pin-lock');
  const msgid = client.newMsgid();
  const err = await client.settle(await request(p, 100, msgid, '000000'), { msgid }).catch((e: unknown) => e);
  expect(GatewayError.is(err)).toBe(true);
  expect(err).toMatchObject({ code: 'GATEWAY_PIN_WRONG', outcome: 'refused', triesLeft: 2 });
});

it('an answer dropped after commit is unknown to the SDK; the reversal undoes the booking', async () => {
  const emp = r.env.person('employee');
  await simAdminFetch(`${r.sim.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ infno: '2102', kind: 'drop-after-commit' }) });
  const msgid = client.newMsgid();
  const err = await client.settle(await request(emp, 500, msgid), { msgid }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'GATEWAY_UNKNOWN_OUTCOME', outcome: 'unknown' });
  await client.reverse({ psnNo: emp.psn_no, omsgid: msgid, oinfno: '2102', insuplcAdmdvs: emp.reg }, { msgid: client.newMsgid() });
  const accounts = (await (await simAdminFetch(`${r.sim.url}/admin/accounts`)).json()) as Array<{ psn_no: string; balanceFen: number }>;
  expect(accounts.find((a) => a.psn_no === emp.psn_no)!.balanceFen).toBe(50000);
});
