/**
 * Two tills of one pharmacy through the CLI against the simulator:
 * `gateway init --tills 2`, `checkout --till K` at the same time, a lost
 * answer at one till, `journal recover --till K`, and `journal reconcile`
 * over both tills' journals (the pharmacy's day).
 */
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonCase } from '../../src/sim/init.js';
import { cliEnv, runCli, type CliEnv } from '../helpers/cli.js';

// Under both wires: ours, and the platform's (gateway init --profile national: each till its own SM2 key and channel id).
describe.each(['ours', 'national'] as const)('%s wire', (wire) => {
let env: CliEnv;
let dir: string;
let sim: CliEnv['sim'];
let persons: CliEnv['persons'];
let tills: CliEnv['tills'];

beforeAll(async () => {
  env = await cliEnv('yibao-tills-cli-', ['--tills', '2', '--profile', wire]);
  ({ dir, sim, persons, tills } = env);
}, 60_000);
afterAll(async () => env.close());

const employee = () => persons.find((p) => p.case === 'employee')!;
const journalOf = (k: number) => join(dir, k === 1 ? 'terminal' : `terminal-${k}`, 'journal.db');

async function code(p: PersonCase): Promise<string> {
  const r = await runCli(['issue', '--dir', dir, '--sub', p.sub, '--reg', p.reg]);
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

async function checkout(till: number, amount: string) {
  const p = employee();
  const r = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--till', String(till), '--voucher', await code(p), '--amount', amount, '--pin-stdin', '--json'], {
    input: `${p.pin}\n`,
    timeoutMs: 30_000,
  });
  const json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; code?: string; receipt?: { msgid: string; totalFen: number } };
  return { code: r.code, json, stderr: r.stderr };
}

const fault = (body: Record<string, unknown>) =>
  simAdminFetch(`${sim.url}/admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const bookings = async () => (await (await simAdminFetch(`${sim.url}/admin/bookings`)).json()) as Array<{ msgid: string; infno: string; state: string; totalFen: number }>;
const balance = async () => ((await (await simAdminFetch(`${sim.url}/admin/accounts`)).json()) as Array<{ psn_no: string; balanceFen: number }>).find((a) => a.psn_no === employee().psn_no)!.balanceFen;

describe('tills of one pharmacy, through the CLI', () => {
  it('gateway init --tills 2 makes two tills with their own key and dev_no (persons kept in --json)', () => {
    expect(persons.length).toBeGreaterThan(5);
    expect(tills.map((t) => t.till)).toEqual([1, 2]);
    expect(new Set(tills.map((t) => t.kid)).size).toBe(2);
    expect(new Set(tills.map((t) => t.devNo)).size).toBe(2);
  });

  it('two tills selling in the same second both get paid, each under its own msgids', async () => {
    const before = await balance();
    const [a, b] = await Promise.all([checkout(1, '1.00'), checkout(2, '2.00')]);
    expect(a.json, a.stderr).toMatchObject({ ok: true });
    expect(b.json, b.stderr).toMatchObject({ ok: true });
    const seqOf = (msgid: string) => Number(msgid.slice(-4));
    expect(seqOf(a.json.receipt!.msgid)).toBeLessThan(100);
    expect(seqOf(b.json.receipt!.msgid)).toBeGreaterThanOrEqual(100);
    expect(seqOf(b.json.receipt!.msgid)).toBeLessThan(200);
    expect(await balance()).toBe(before - 300);
  }, 60_000);

  it("till 2's lost answer is reversed without touching till 1's paid sale", async () => {
    const paid = await checkout(1, '3.00');
    expect(paid.json.ok).toBe(true);
    const before = await balance();
    await fault({ infno: '2102', kind: 'drop-after-commit', times: 1 });
    const lost = await checkout(2, '4.00');
    expect(lost.code).toBe(1);
    expect(lost.json.code).toBe('JOURNAL_OUTCOME_UNKNOWN');
    const rows = await bookings();
    expect(rows.find((r) => r.msgid === paid.json.receipt!.msgid && r.infno === '2102')?.state).toBe('booked');
    expect(rows.filter((r) => r.infno === '2102' && r.totalFen === 400).map((r) => r.state)).toEqual(['reversed']);
    expect(await balance()).toBe(before);
  }, 60_000);

  it('journal recover --till K works on its own journal and refuses another till’s', async () => {
    const own = await runCli(['journal', 'recover', '--journal', journalOf(2), '--dir', dir, '--gateway', sim.url, '--till', '2', '--json']);
    expect(own.code).toBe(0);
    expect(Object.keys(JSON.parse(own.stdout) as object)).toEqual(['found', 'booked', 'reversed', 'pending']);
    const wrong = await runCli(['journal', 'recover', '--journal', journalOf(2), '--dir', dir, '--gateway', sim.url, '--till', '1']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('JOURNAL_TILL_MISMATCH');
    const none = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--till', '3', '--voucher', 'x', '--amount', '1.00', '--pin-stdin']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('CONFIG_TILL_UNKNOWN');
  }, 60_000);

  it("journal reconcile over both tills' journals balances the pharmacy's day; one journal alone does not", async () => {
    const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    const both = await runCli(['journal', 'reconcile', '--date', day, '--journal', journalOf(1), '--journal', journalOf(2), '--dir', dir, '--gateway', sim.url, '--json']);
    expect(both.code, both.stderr).toBe(0);
    expect(JSON.parse(both.stdout)).toMatchObject({ balanced: true, journal: { count: 3, totalFen: 600 }, gateway: { count: 3, totalFen: 600 } });
    const one = await runCli(['journal', 'reconcile', '--date', day, '--journal', journalOf(1), '--dir', dir, '--gateway', sim.url, '--till', '1']);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('NOT balanced');
  }, 60_000);
});
});
