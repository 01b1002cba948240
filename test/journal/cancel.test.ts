/**
 * Cancels (2103) whose outcome is unknown, against the simulator: no second
 * cancel while the first is unfinished, and undoing a cancel never takes an
 * account below zero (the simulator keeps the cancel instead).
 */
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../src/gateway/client.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import type { Settlement } from '../../src/gateway/types.js';
import { manualClock } from '../../src/lib/clock.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import type { PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { getJson, issue, makeEnv, T0, type Env } from '../sim/helpers/terminal.js';

const clock = manualClock(T0);
let env: Env;
let sim: Simulator;
let journal: SettlementJournal;
let client: GatewayClient;

beforeEach(async () => {
  env = await makeEnv(clock);
  sim = await startSimulator({ dir: env.dir, clock });
  journal = await SettlementJournal.open(join(await mkdtemp(join(tmpdir(), 'journal-cancel-')), 'j.db'), { clock, backoff: { baseMs: 10, maxMs: 10 } });
  client = await createGatewayClientFromEnv(env.dir, { url: sim.url, clock, timeoutMs: 500, sequence: journal.sequence() });
  await journal.recover(client);
});
afterEach(async () => {
  await journal.close();
  await client.close();
  await sim.close();
});

const fault = (body: Record<string, unknown>) =>
  simAdminFetch(`${sim.url}/admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const clearFaults = () => simAdminFetch(`${sim.url}/admin/faults`, { method: 'DELETE' });
const balanceOf = async (p: PersonCase) => (await getJson<Array<{ psn_no: string; balanceFen: number }>>(`${sim.url}/admin/accounts`)).find((a) => a.psn_no === p.psn_no)!.balanceFen;

async function pay(p: PersonCase, totalFen: number): Promise<Settlement> {
  const msgid = client.newMsgid();
  const v = await issue(env.dir, clock(), p.sub, { reg: p.reg });
  const pinBlock = await sealPinBlock(p.pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(env.dir, 'pin', 'public'), now: clock() });
  const req = { voucherText: v.text, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items: [{ code: 'XA01AAA001', qty: 1, priceFen: totalFen }], totalFen, pinBlock };
  return journal.settle(client, req, { msgid, jti: v.jti });
}

const cancel = (p: PersonCase, s: Settlement) =>
  journal.cancel(client, { psnNo: p.psn_no, setlId: s.setlId, mdtrtId: s.mdtrtId, insuplcAdmdvs: p.reg, amountFen: s.totalFen }, { msgid: client.newMsgid() });

describe('cancel with an unknown outcome', () => {
  it('refuses a second cancel while the first is unfinished, so its late reversal can never charge again', async () => {
    const p = env.person('employee');
    const s = await pay(p, 700);
    // The cancel books but its answer is lost, and its reversal cannot get through yet.
    await fault({ infno: '2103', kind: 'drop-after-commit' });
    await fault({ infno: '2601', kind: '5xx', times: -1 });
    await expect(cancel(p, s)).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN' });
    expect(journal.pending()).toEqual([expect.objectContaining({ infno: '2103', amountFen: 700 })]);
    // The cashier retries: refused before anything is sent.
    const sent = journal.list().length;
    await expect(cancel(p, s)).rejects.toMatchObject({ code: 'JOURNAL_CANCEL_PENDING', outcome: 'refused', details: { setlId: s.setlId } });
    expect(journal.list()).toHaveLength(sent);
    // The reversal lands: the sale is paid again (the cancel undone) …
    await clearFaults();
    clock.advance(1000);
    await journal.runDueReversals(client);
    expect(journal.pending()).toEqual([]);
    expect(await balanceOf(p)).toBe(p.balanceFen - 700);
    // … and only now can it be cancelled, once: refunded exactly once.
    await expect(cancel(p, s)).resolves.toMatchObject({ acctPayFen: 700 });
    expect(await balanceOf(p)).toBe(p.balanceFen);
  });

  it('undoing a cancel whose refund was spent keeps the cancel: never below zero, and the journal knows', async () => {
    const p = env.person('employee');
    const s = await pay(p, 700);
    await fault({ infno: '2103', kind: 'drop-after-commit' });
    await fault({ infno: '2601', kind: '5xx', times: -1 });
    await expect(cancel(p, s)).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN' });
    const cancelMsgid = journal.pending()[0]!.msgid;
    // Refunded meanwhile; the customer spends nearly all of it elsewhere.
    await clearFaults();
    const left = await balanceOf(p);
    await pay(p, left - 100);
    expect(await balanceOf(p)).toBe(100);
    const kept = new Promise<{ msgid: string; setlId?: string }>((r) => journal.once('cancel-kept', r));
    clock.advance(1000);
    await journal.runDueReversals(client);
    expect(await kept).toMatchObject({ msgid: cancelMsgid, setlId: s.setlId });
    expect(await balanceOf(p)).toBe(100);
    expect(journal.get(cancelMsgid)).toMatchObject({ state: 'booked' });
    expect(journal.pending()).toEqual([]);
    const rows = await getJson<Array<{ msgid: string; infno: string; state: string }>>(`${sim.url}/admin/bookings`);
    expect(rows.find((r) => r.msgid === cancelMsgid && r.infno === '2103')?.state).toBe('booked');
  });
});
