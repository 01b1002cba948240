/**
 * Under both wires, against the simulator: a sign_no signed out (9002) by
 * another program of the pharmacy is refused with a real gateway's wording
 * (签到编号无效); the client's sale recovers with one new sign-in (9001) and
 * one resend of the same msgid, and the account is charged once. A
 * terminal signs in at start, signs a new cashier in before their first
 * sale, and signs both out (9002) when it closes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../src/gateway/client.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import type { Logger } from '../../src/lib/log.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { readEnvKey } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { createTerminal } from '../../src/checkout/terminal.js';
import { ScriptedPinPad } from '../../src/pin/scripted-pin-pad.js';
import { tillStateDir, terminalConfigFromEnv } from '../../src/sim/terminal-config.js';
import { issue } from './helpers/terminal.js';
import { sendRaw } from './helpers/raw-envelope.js';

describe.each(['ours', 'national'] as const)('sign-in under the %s wire', (wire) => {
  let dir: string;
  let sim: Simulator;
  let persons: PersonCase[];
  let client: GatewayClient;
  const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
  const logger: Logger = { log: (_level, message, fields) => lines.push({ message, fields: fields ?? {} }) };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yibao-sign-in-'));
    // Two tills: the terminal below is another till than the client above (each till its own msgid sequence).
    ({ persons } = await initEnvironment({ dir, profile: wire, tills: 2 }));
    sim = await startSimulator({ dir, port: 0 });
    client = await createGatewayClientFromEnv(dir, { url: sim.url, logger });
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a sale on a signed-out sign_no: refused as 签到编号无效, then one 9001 and one resend of the same msgid', async () => {
    const p = persons.find((x) => x.case === 'employee')!;
    const balance = async () => ((await (await simAdminFetch(`${sim.url}/admin/accounts`)).json()) as Array<{ psn_no: string; balanceFen: number }>).find((a) => a.psn_no === p.psn_no)!.balanceFen;
    const before = await balance();
    const { text, jti } = await issue(dir, Date.now(), p.sub, { reg: p.reg });
    const req: SettleRequest = { voucherText: text, psnNo: p.psn_no, insutype: p.insutype as SettleRequest['insutype'], insuplcAdmdvs: p.reg, items: [{ code: 'XJ01', qty: 1, priceFen: 420 }], totalFen: 420 };
    await client.preSettle(req);
    const dead = client.signNo!;

    // Another program of the pharmacy signs that sign_no out; the gateway then words it as real ones do.
    const out = await sendRaw(dir, sim.url, '9002', dead, { signOut: { sign_no: dead, opter_no: 'x' } });
    expect(Number(out.infcode)).toBe(0);
    const again = await sendRaw(dir, sim.url, '9002', dead, { signOut: { sign_no: dead, opter_no: 'x' } });
    expect(again).toMatchObject({ err_msg: expect.stringContaining('签到编号无效') });
    expect(Number(again.infcode)).toBe(-1);

    lines.length = 0;
    const msgid = client.newMsgid();
    const pinBlock = await sealPinBlock(p.pin, { jti, msgid, amountFen: 420, pinKey: await readEnvKey(dir, 'pin', 'public'), now: Date.now() });
    const s = await client.settle({ ...req, pinBlock }, { msgid });
    expect(s.totalFen).toBe(420);
    const sent = lines.filter((l) => l.message === 'gateway answer' || l.message === 'gateway refusal').map((l) => [l.fields.infno, l.fields.msgid === msgid, l.fields.code ?? 'ok']);
    expect(sent).toEqual([
      ['2102', true, 'GATEWAY_SIGN_IN_REQUIRED'],
      ['9001', false, 'ok'],
      ['2102', true, 'ok'],
    ]);
    expect(client.signNo).not.toBe(dead);
    expect(await balance()).toBe(before - s.acctPayFen - s.acctMulaidPayFen);
  });

  it('a terminal: a shift change signs the new cashier in before their sale; close signs both out', async () => {
    const p = persons.find((x) => x.case === 'employee')!;
    const log: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const tillLogger: Logger = { log: (_level, message, fields) => log.push({ message, fields: fields ?? {} }) };
    const config = await terminalConfigFromEnv(dir, { url: sim.url, stateDir: tillStateDir(dir, 2), till: 2 });
    const terminal = await createTerminal({ ...config, logger: tillLogger, pinPad: new ScriptedPinPad([p.pin]) });
    const sent = () => log.filter((l) => l.message === 'gateway answer').map((l) => l.fields.infno);
    expect(sent()).toEqual(['9001']);
    terminal.setOperator('C002', '李四');
    const receipt = await terminal.checkout({ voucher: (await issue(dir, Date.now(), p.sub, { reg: p.reg })).text, amountFen: 150 });
    expect(receipt.totalFen).toBe(150);
    expect(sent()).toEqual(['9001', '9001', '1101', '2101', '2102']);
    await terminal.close();
    expect(sent()).toEqual(['9001', '9001', '1101', '2101', '2102', '9002', '9002']);
    expect(() => terminal.setOperator('')).toThrow(expect.objectContaining({ code: 'GATEWAY_REQUEST_INVALID' }));
  });
});
