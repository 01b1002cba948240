/**
 * The journal with the real client against the real simulator (HTTP +
 * SQLite ledger) on loopback: each fault of the spec on the wire, what the
 * ledger and the balances say afterwards, crashes between the journal's
 * steps (a hook that throws stands for the process dying there), a late
 * request voided by the reversal, and reconciliation through 3201.
 */
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../src/gateway/client.js';
import { SettlementJournal, type JournalOptions } from '../../src/journal/journal.js';
import type { JournalPoint } from '../../src/journal/events.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import { manualClock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/log.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import type { PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { getJson, issue, makeEnv, T0, type Env } from '../sim/helpers/terminal.js';

let clock: ReturnType<typeof manualClock>;
let env: Env;
let sim: Simulator;
let client: GatewayClient;
let journalFile: string;
const journals: SettlementJournal[] = [];
/** The simulator's log of handled messages: lets a test wait for a late request instead of sleeping. */
let handled: Array<{ infno: string; msgid: string; err_code?: string }>;
let onHandled: (() => void) | undefined;

const simLogger: Logger = {
  log(_level, message, fields) {
    if (message !== 'trans' || !fields) return;
    handled.push(fields as { infno: string; msgid: string; err_code?: string });
    onHandled?.();
  },
};

async function waitHandled(msgid: string, infno: string): Promise<{ err_code?: string }> {
  for (;;) {
    const h = handled.find((x) => x.msgid === msgid && x.infno === infno);
    if (h) return h;
    await new Promise<void>((r) => (onHandled = r));
  }
}

beforeEach(async () => {
  clock = manualClock(T0);
  handled = [];
  env = await makeEnv(clock);
  sim = await startSimulator({ dir: env.dir, clock, logger: simLogger });
  journalFile = join(await mkdtemp(join(tmpdir(), 'journal-sim-')), 'terminal.db');
});
afterEach(async () => {
  for (const j of journals.splice(0)) await j.close();
  await client?.close();
  await sim.close();
});

async function openJournal(opts: JournalOptions = {}): Promise<SettlementJournal> {
  const j = await SettlementJournal.open(journalFile, { clock, ...opts });
  journals.push(j);
  await client?.close();
  client = await createGatewayClientFromEnv(env.dir, { url: sim.url, clock, timeoutMs: 300, sequence: j.sequence() });
  return j;
}

/** Closes a journal the way a dead process leaves it: the file and its rows, no lock holder. */
async function crashClose(j: SettlementJournal): Promise<void> {
  journals.splice(journals.indexOf(j), 1);
  await j.close();
}

async function sale(p: PersonCase, totalFen: number, msgid: string): Promise<{ req: SettleRequest; jti: string }> {
  const v = await issue(env.dir, clock(), p.sub, { reg: p.reg });
  const pinBlock = await sealPinBlock(p.pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(env.dir, 'pin', 'public'), now: clock() });
  return {
    jti: v.jti,
    req: { voucherText: v.text, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items: [{ code: 'XA01AAA001', qty: 1, priceFen: totalFen }], totalFen, pinBlock },
  };
}

const fault = (body: Record<string, unknown>) =>
  simAdminFetch(`${sim.url}/admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => {
    expect(r.status).toBe(200);
  });
const clearFaults = () => simAdminFetch(`${sim.url}/admin/faults`, { method: 'DELETE' });
const bookings = () => getJson<Array<{ msgid: string; infno: string; state: string; totalFen: number; acctPayFen: number }>>(`${sim.url}/admin/bookings`);
const balanceOf = async (psnNo: string) => (await getJson<Array<{ psn_no: string; balanceFen: number }>>(`${sim.url}/admin/accounts`)).find((a) => a.psn_no === psnNo)?.balanceFen;

/** A hook that "kills" the terminal at one point: the journal's call throws there and the row stays as it was. */
class Crash extends Error {}
const crashAt = (point: JournalPoint): JournalOptions['hooks'] => ({
  at(p) {
    if (p === point) throw new Crash(point);
  },
});

describe('journal + client + simulator', () => {
  it('books a sale, knows it, and reconciles the day with 3201', async () => {
    const emp = env.person('employee');
    const j = await openJournal();
    await j.recover(client);
    const msgid = client.newMsgid();
    const { req, jti } = await sale(emp, 2680, msgid);
    const s = await j.settle(client, req, { msgid, jti });
    expect(s).toMatchObject({ totalFen: 2680, acctPayFen: 2680 });
    expect(j.get(msgid)).toMatchObject({ state: 'booked', amountFen: 2680 });
    expect(await bookings()).toMatchObject([{ msgid, infno: '2102', state: 'booked', totalFen: 2680 }]);
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen - 2680);
    const r = await j.reconcile(client, '2026-11-22');
    expect(r.balanced).toBe(true);
    expect(r.journal).toEqual({ totalFen: 2680, acctPayFen: 2680, count: 1 });
  });

  it.each(['drop-after-commit', '5xx', 'close'] as const)('%s on 2102: not paid, reversed at once, balance untouched', async (kind) => {
    const emp = env.person('employee');
    const j = await openJournal();
    await j.recover(client);
    await fault({ infno: '2102', kind });
    const msgid = client.newMsgid();
    const { req, jti } = await sale(emp, 1500, msgid);
    const err = await j.settle(client, req, { msgid, jti }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', outcome: 'unknown', details: { msgid, amountFen: 1500, reversal: 'done' } });
    expect(j.get(msgid)?.state).toBe('reversed');
    expect(j.pending()).toEqual([]);
    const reversal = j.list({ infno: '2601' });
    expect(reversal).toHaveLength(1);
    expect(reversal[0]).toMatchObject({ omsgid: msgid, state: 'booked' });
    const b = (await bookings()).filter((x) => x.infno === '2102');
    // drop-after-commit booked it first: now reversed; the others never booked.
    expect(b).toEqual(kind === 'drop-after-commit' ? [expect.objectContaining({ msgid, state: 'reversed' })] : []);
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen);
    // The msgid is void for good: the same 2102 again never books.
    const again = await client.settle(req, { msgid }).catch((e: unknown) => e);
    expect(again).toMatchObject({ outcome: 'refused' });
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen);
  });

  it('a 2102 delayed past the timeout is voided: the late copy books nothing', async () => {
    const emp = env.person('employee');
    const j = await openJournal();
    await j.recover(client);
    await fault({ infno: '2102', kind: 'delay', delayMs: 800 });
    const msgid = client.newMsgid();
    const { req, jti } = await sale(emp, 990, msgid);
    const err = await j.settle(client, req, { msgid, jti }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', details: { reversal: 'done' } });
    // The reversal got there first; now the delayed request is handled, and refused.
    const late = await waitHandled(msgid, '2102');
    expect(late.err_code).toBe('ALREADY_CANCELLED');
    expect((await bookings()).filter((x) => x.infno === '2102')).toEqual([]);
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen);
    expect(j.get(msgid)?.state).toBe('reversed');
  });

  it('keeps the reversal pending while the gateway fails it, then the worker lands it', async () => {
    const emp = env.person('employee');
    const j = await openJournal({ backoff: { baseMs: 1000, maxMs: 4000 } });
    await j.recover(client);
    await fault({ infno: '2102', kind: 'drop-after-commit' });
    const msgid = client.newMsgid();
    const { req, jti } = await sale(emp, 700, msgid);
    await fault({ infno: '2601', kind: '5xx', times: -1 });
    const err = await j.settle(client, req, { msgid, jti }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', details: { reversal: 'pending' } });
    // The customer was charged by the booked-then-dropped 2102 until the reversal lands.
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen - 700);
    expect(j.pending()).toEqual([expect.objectContaining({ msgid, amountFen: 700, attempts: 1, nextAttemptAt: T0 + 1000 })]);
    // Not due yet: nothing is sent.
    expect(await j.runDueReversals(client)).toBe(0);
    clock.advance(1000);
    expect(await j.runDueReversals(client)).toBe(0);
    expect(j.pending()[0]).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 1000 + 2000 });
    await clearFaults();
    clock.advance(2000);
    expect(await j.runDueReversals(client)).toBe(1);
    expect(j.pending()).toEqual([]);
    expect(j.get(msgid)?.state).toBe('reversed');
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen);
  });

  it('crash after the gateway booked, before the journal heard: recover() finds it by 5203 and knows it paid', async () => {
    const emp = env.person('employee');
    const j = await openJournal({ hooks: crashAt('after-answer') });
    await j.recover(client);
    const msgid = client.newMsgid();
    const { req, jti } = await sale(emp, 1234, msgid);
    await expect(j.settle(client, req, { msgid, jti })).rejects.toBeInstanceOf(Crash);
    expect(j.get(msgid)?.state).toBe('intent'); // in flight: the file keeps the synced intent
    await crashClose(j);

    const j2 = await openJournal();
    const next = client.newMsgid();
    await expect(j2.settle(client, (await sale(emp, 100, next)).req, { msgid: next, jti: 'x' })).rejects.toMatchObject({ code: 'JOURNAL_RECOVERY_REQUIRED' });
    const report = await j2.recover(client);
    expect(report.booked).toEqual([{ msgid, amountFen: 1234 }]);
    expect(report.pending).toEqual([]);
    expect(j2.get(msgid)).toMatchObject({ state: 'booked', answer: expect.objectContaining({ totalFen: 1234, acctPayFen: 1234 }) });
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen - 1234);
    expect((await j2.reconcile(client, '2026-11-22')).balanced).toBe(true);
  });

  it('crash after the intent, before the request left: recover() voids the msgid, nothing booked', async () => {
    const emp = env.person('employee');
    const j = await openJournal({ hooks: crashAt('after-intent') });
    await j.recover(client);
    const msgid = client.newMsgid();
    const { req, jti } = await sale(emp, 555, msgid);
    await expect(j.settle(client, req, { msgid, jti })).rejects.toBeInstanceOf(Crash);
    expect(j.get(msgid)?.state).toBe('intent');
    await crashClose(j);

    const j2 = await openJournal();
    const report = await j2.recover(client);
    expect(report.booked).toEqual([]);
    expect(report.reversed).toEqual([{ msgid, amountFen: 555 }]);
    expect(j2.get(msgid)?.state).toBe('reversed');
    // Had the request been on its way, it could not book now.
    expect(await client.settle(req, { msgid }).catch((e: unknown) => e)).toMatchObject({ outcome: 'refused', errCode: 'ALREADY_CANCELLED' });
    expect(await bookings()).toEqual([]);
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen);
  });

  it('crash during a reversal: the next start finishes it, with the 5203 and 2601 of a sick gateway retried', async () => {
    const emp = env.person('employee');
    const j = await openJournal({ hooks: crashAt('during-reversal') });
    await j.recover(client);
    await fault({ infno: '2102', kind: 'drop-after-commit' });
    const msgid = client.newMsgid();
    const { req, jti } = await sale(emp, 321, msgid);
    // The hook sits inside the reversal attempt: its throw counts as a failed attempt, the row stays pending.
    await expect(j.settle(client, req, { msgid, jti })).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', details: { reversal: 'pending' } });
    expect(j.get(msgid)?.state).toBe('reversal_pending');
    await crashClose(j);
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen - 321);

    await fault({ infno: '2601', kind: 'close' });
    const j2 = await openJournal({ backoff: { baseMs: 10, maxMs: 10 } });
    const first = await j2.recover(client);
    expect(first.pending).toEqual([expect.objectContaining({ msgid, amountFen: 321 })]);
    clock.advance(10);
    expect(await j2.runDueReversals(client)).toBe(1);
    expect(j2.get(msgid)?.state).toBe('reversed');
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen);
    expect((await bookings()).find((b) => b.msgid === msgid)?.state).toBe('reversed');
  });

  it('a cashier retry while the first reversal is pending: charged twice only until the reversal lands, and pending() says so', async () => {
    const emp = env.person('employee');
    const j = await openJournal({ backoff: { baseMs: 500, maxMs: 500 } });
    await j.recover(client);
    await fault({ infno: '2102', kind: 'drop-after-commit' });
    const first = client.newMsgid();
    const a = await sale(emp, 600, first);
    await fault({ infno: '2601', kind: '5xx', times: -1 });
    await expect(j.settle(client, a.req, { msgid: first, jti: a.jti })).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', details: { reversal: 'pending' } });
    // "Not paid": the cashier takes the sale again with a fresh code.
    const second = client.newMsgid();
    const b = await sale(emp, 600, second);
    await expect(j.settle(client, b.req, { msgid: second, jti: b.jti })).resolves.toMatchObject({ totalFen: 600 });
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen - 1200);
    expect(j.pending()).toEqual([expect.objectContaining({ msgid: first, amountFen: 600 })]);
    await clearFaults();
    clock.advance(500);
    expect(await j.runDueReversals(client)).toBe(1);
    expect(await balanceOf(emp.psn_no)).toBe(emp.balanceFen - 600);
    expect((await bookings()).filter((x) => x.infno === '2102' && x.state === 'booked').map((x) => x.msgid)).toEqual([second]);
    expect(j.list({ infno: '2102' }).map((e) => [e.msgid, e.state])).toEqual([
      [first, 'reversed'],
      [second, 'booked'],
    ]);
  });

  it('cancels a booked sale through the journal; 3201 then counts nothing', async () => {
    const emp = env.person('employee');
    const j = await openJournal();
    await j.recover(client);
    const msgid = client.newMsgid();
    const { req, jti } = await sale(emp, 800, msgid);
    const s = await j.settle(client, req, { msgid, jti });
    const cancelId = client.newMsgid();
    const refund = await j.cancel(client, { psnNo: emp.psn_no, setlId: s.setlId, mdtrtId: s.mdtrtId, insuplcAdmdvs: emp.reg, amountFen: 800 }, { msgid: cancelId });
    expect(refund).toMatchObject({ acctPayFen: 800, balanceFen: emp.balanceFen });
    expect(j.get(cancelId)).toMatchObject({ infno: '2103', state: 'booked' });
    const r = await j.reconcile(client, '2026-11-22');
    expect(r).toMatchObject({ balanced: true, journal: { totalFen: 0, acctPayFen: 0, count: 0 } });
  });
});
