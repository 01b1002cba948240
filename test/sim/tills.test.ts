/**
 * Two tills of one pharmacy against the simulator, with the msgid collision
 * that tills without their own blocks made: the simulator answers, books and
 * reverses per signing terminal, so till B can never void till A's sale.
 */
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/gateway/client.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import { manualClock } from '../../src/lib/clock.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey, readEnvSettings } from '../../src/sim/env.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { readTill } from '../../src/sim/tills.js';
import { issue, T0 } from './helpers/terminal.js';

let dir: string;
let sim: Simulator;
let persons: PersonCase[];
const clock = manualClock(T0);
const clients: GatewayClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yibao-tills-'));
  ({ persons } = await initEnvironment({ dir, clock, tills: 2 }));
  sim = await startSimulator({ dir, clock });
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await sim.close();
});

/** A till's client whose sequence starts at 0 like every till's did: both tills make the same msgids. */
async function till(k: number): Promise<GatewayClient> {
  const settings = await readEnvSettings(dir);
  const t = await readTill(dir, settings, k);
  let n = 0;
  const c = new GatewayClient({
    url: sim.url,
    terminalKey: t.key,
    fixmedinsCode: settings.fixmedinsCode,
    fixmedinsName: settings.fixmedinsName,
    mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs,
    devNo: t.devNo,
    clock,
    sequence: { nextSeq: () => n++ },
  });
  clients.push(c);
  return c;
}

async function sale(p: PersonCase, totalFen: number, msgid: string): Promise<SettleRequest> {
  const v = await issue(dir, clock(), p.sub, { reg: p.reg });
  const pinBlock = await sealPinBlock(p.pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(dir, 'pin', 'public'), now: clock() });
  return { voucherText: v.text, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items: [{ code: 'XA01AAA001', qty: 1, priceFen: totalFen }], totalFen, pinBlock };
}

const bookings = async () => (await (await simAdminFetch(`${sim.url}/admin/bookings`)).json()) as Array<{ msgid: string; infno: string; state: string; totalFen: number }>;

describe('simulator: tills of one pharmacy', () => {
  it('registers every till, and answers, books, queries and reverses per signing terminal', async () => {
    const employee = persons.find((p) => p.case === 'employee')!;
    const a = await till(1);
    const b = await till(2);
    // Both sign in with the same msgid: each gets its own answer, not DUPLICATE_MSGID.
    await a.signIn();
    await b.signIn();
    const msgidA = a.newMsgid();
    const msgidB = b.newMsgid();
    expect(msgidB).toBe(msgidA);
    const paidA = await a.settle(await sale(employee, 1200, msgidA), { msgid: msgidA });
    const paidB = await b.settle(await sale(employee, 300, msgidB), { msgid: msgidB });
    expect(paidB.setlId).not.toBe(paidA.setlId);
    // Till B's reversal of "its" msgid voids B's sale only; till A's paid sale stands.
    await b.reverse({ psnNo: employee.psn_no, omsgid: msgidB, oinfno: '2102', insuplcAdmdvs: employee.reg }, { msgid: b.newMsgid() });
    expect(await a.query({ psnNo: employee.psn_no, omsgid: msgidA, insuplcAdmdvs: employee.reg })).toMatchObject({ setlId: paidA.setlId, totalFen: 1200 });
    expect(await b.query({ psnNo: employee.psn_no, omsgid: msgidB, insuplcAdmdvs: employee.reg })).toBeNull();
    const rows = (await bookings()).filter((r) => r.infno === '2102').map((r) => [r.totalFen, r.state]);
    expect(rows.sort()).toEqual([
      [1200, 'booked'],
      [300, 'reversed'],
    ]);
  });
});
