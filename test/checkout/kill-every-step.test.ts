/**
 * The till killed at every step of a sale, then the next `checkout` (CLI)
 * on the same till: whatever the gateway booked is shown as paid with its
 * receipt before the new sale (the rule: a booked sale whose receipt never
 * reached the cashier is kept and shown, never voided); whatever it did not
 * book is reported not paid or was never sent; the account is charged
 * exactly for the sales shown as paid.
 *
 * Under both wires: every step under `ours`; under `national` (SM2, SM4,
 * paas headers) one step of each kind of ending, to keep `npm test` short.
 */
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvKey, readEnvSettings } from '../../src/sim/env.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { issueVoucher } from '../../src/sim/issuer/voucher.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { DIST, runCli } from '../helpers/cli.js';

let root: string;
let sim: Simulator;
let persons: PersonCase[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'yibao-kill-'));
});
afterAll(async () => {
  await sim?.close();
  await rm(root, { recursive: true, force: true });
});

function killedSale(env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [resolve('test/checkout/fixtures/killed-sale.mjs')], { env: { ...process.env, YIBAO_DIST: DIST, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', rej);
    child.on('exit', (_code, signal) => res({ signal, stdout }));
  });
}

type Recovered = { outcome: string; amountFen: number; msgid: string; receipt?: { totalFen: number; msgid: string; patient: { sub: string } } };

/** Where the killed sale ends: what the next `checkout` reports of it, and whether the gateway booked it. */
const STEPS: Array<[string, Recovered['outcome'] | 'nothing', boolean]> = [
  ['verified', 'nothing', false],
  ['pre_settling', 'nothing', false],
  ['pin', 'nothing', false],
  ['settling', 'nothing', false],
  ['before-intent-sync', 'nothing', false],
  ['after-intent', 'not_paid', false],
  ['in-flight', 'not_paid', false],
  ['after-answer', 'paid', true],
  ['after-booked', 'paid', true],
  // The `paid` state is announced before the receipt is handed over: still shown.
  ['paid', 'paid', true],
  // checkout() returned the receipt: the cashier has it, nothing to show again.
  ['returned', 'nothing', true],
  ['during-reversal', 'not_paid', false],
];

/** Under `national`: a step before the intent, a lost answer, a booked sale the cashier never saw, a handed-over receipt, a reversal cut short. */
const NATIONAL_SAMPLE = new Set(['pin', 'in-flight', 'after-answer', 'returned', 'during-reversal']);

describe.each([
  ['ours', STEPS],
  ['national', STEPS.filter(([step]) => NATIONAL_SAMPLE.has(step))],
] as const)('a till killed at every step of a sale (%s wire)', (wire, steps) => {
  it.each(steps)('killed at %s: the next checkout reports %s (booked at the gateway: %s), and the money agrees', async (step, expected, booked) => {
    const dir = join(root, `${wire}-${step}`);
    ({ persons } = await initEnvironment({ dir, profile: wire }));
    await sim?.close();
    sim = await startSimulator({ dir, port: 0 });
    const p = persons.find((x) => x.case === 'employee')!;
    const key = await readEnvKey(dir, 'issuer', 'private');
    const iss = (await readEnvSettings(dir)).issuerId;
    const issue = () => issueVoucher({ key, iss, sub: p.sub, reg: p.reg, nm: '张*三' });
    const balance = async () => ((await (await simAdminFetch(`${sim.url}/admin/accounts`)).json()) as Array<{ psn_no: string; balanceFen: number }>).find((a) => a.psn_no === p.psn_no)!.balanceFen;
    const start = await balance();
    if (step === 'during-reversal') {
      // The gateway books, the answer is lost, and the till dies while reversing it.
      await simAdminFetch(`${sim.url}/admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ infno: '2102', kind: 'drop-after-commit', times: 1 }) });
    }
    const killed = await killedSale({ DIR: dir, URL: sim.url, KILL_AT: step, VOUCHER: await issue(), PIN: p.pin, AMOUNT_FEN: '777' });
    expect(killed.signal).toBe('SIGKILL');

    const next = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--voucher', await issue(), '--amount', '1.00', '--pin-stdin', '--json'], { input: `${p.pin}\n`, timeoutMs: 30_000 });
    const out = JSON.parse(next.stdout.trim().split('\n').pop()!) as { ok: boolean; recovered?: Recovered[] };
    expect(out.ok, next.stderr).toBe(true);
    const recovered = out.recovered ?? [];
    const shown = expected;
    if (shown === 'nothing') expect(recovered).toEqual([]);
    else {
      expect(recovered).toHaveLength(1);
      expect(recovered[0]).toMatchObject({ outcome: shown, amountFen: 777 });
      if (shown === 'paid') expect(recovered[0]!.receipt).toMatchObject({ totalFen: 777, msgid: recovered[0]!.msgid, patient: { sub: p.sub, name: '张*三' } });
      else expect(recovered[0]!.receipt).toBeUndefined();
    }
    expect(await balance()).toBe(start - 100 - (booked ? 777 : 0));
  }, 90_000);
});
