/**
 * `yibao-pos journal list|recover|reconcile` against the simulator on
 * loopback, with a journal left behind by a terminal that stopped mid-sale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettlementJournal } from '../../src/journal/journal.js';
import type { GatewayClient } from '../../src/gateway/client.js';
import { localTime } from '../../src/gateway/local-time.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { issue, makeEnv, type Env } from '../sim/helpers/terminal.js';
import { runCli } from '../helpers/cli.js';

let env: Env;
let sim: Simulator;
let file: string;
const ids = { booked: '', inFlight: '', paid: '' };

async function sale(client: GatewayClient, msgid: string, totalFen: number) {
  const p = env.person('employee');
  const v = await issue(env.dir, Date.now(), p.sub, { reg: p.reg });
  const pinBlock = await sealPinBlock(p.pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(env.dir, 'pin', 'public'), now: Date.now() });
  return {
    req: { voucherText: v.text, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items: [{ code: 'XA01AAA001', qty: 1, priceFen: totalFen }], totalFen, pinBlock },
    jti: v.jti,
  };
}

/** A terminal life that runs sales at once, each stopping for good at its point (as if killed there). */
async function stopAt(sales: Array<{ point: string; totalFen: number }>): Promise<string[]> {
  const plan = new Map<string, string>();
  const reached: Array<Promise<void>> = [];
  const arrive = new Map<string, () => void>();
  const j = await SettlementJournal.open(file, {
    hooks: {
      at(p, msgid) {
        if (plan.get(msgid) !== p) return;
        arrive.get(msgid)?.();
        return new Promise<void>(() => undefined);
      },
    },
  });
  const client = await createGatewayClientFromEnv(env.dir, { url: sim.url, sequence: j.sequence() });
  await j.recover(client);
  const out: string[] = [];
  for (const s of sales) {
    const msgid = client.newMsgid();
    out.push(msgid);
    const { req, jti } = await sale(client, msgid, s.totalFen);
    if (s.point === 'none') {
      await j.settle(client, req, { msgid, jti });
      continue;
    }
    plan.set(msgid, s.point);
    reached.push(new Promise<void>((r) => arrive.set(msgid, r)));
    void j.settle(client, req, { msgid, jti }).catch(() => undefined);
  }
  await Promise.all(reached);
  await j.close();
  await client.close();
  return out;
}

beforeAll(async () => {
  env = await makeEnv(Date.now);
  sim = await startSimulator({ dir: env.dir });
  file = join(mkdtempSync(join(tmpdir(), 'journal-cli-')), 'journal.db');
  const made = await stopAt([
    { point: 'none', totalFen: 300 },
    { point: 'after-answer', totalFen: 1234 },
    { point: 'in-flight', totalFen: 50 },
  ]);
  ids.paid = made[0]!;
  ids.booked = made[1]!;
  ids.inFlight = made[2]!;
}, 30_000);

afterAll(async () => {
  await sim.close();
});

const gw = () => ['--journal', file, '--dir', env.dir, '--gateway', sim.url];

describe('yibao-pos journal', () => {
  it('list shows every entry, filters by state, and works while the journal is locked', async () => {
    const holder = await SettlementJournal.open(file);
    try {
      const all = await runCli(['journal', 'list', '--journal', file, '--json']);
      expect(all.code).toBe(0);
      const entries = JSON.parse(all.stdout) as Array<{ msgid: string; state: string; amountFen: number }>;
      expect(entries.map((e) => [e.msgid, e.state, e.amountFen])).toEqual([
        [ids.paid, 'booked', 300],
        [ids.booked, 'intent', 1234], // in flight when the till died: the file keeps the synced intent
        [ids.inFlight, 'intent', 50],
      ]);
      const listed = await runCli(['journal', 'list', '--journal', file, '--state', 'intent']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(ids.booked);
      expect(listed.stdout).not.toContain(ids.paid);
      expect(listed.stdout.split('\n')[0]).toMatch(/^msgid\s+infno\s+state\s+psn_no\s+amount\(yuan\)/);
      expect(listed.stdout).toContain('12.34');
      // recover needs the lock: refused with the holder's pid.
      const locked = await runCli(['journal', 'recover', ...gw()]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('JOURNAL_LOCKED');
    } finally {
      await holder.close();
    }
  });

  it('recover books what the gateway booked, reverses what it did not, and reconcile balances', async () => {
    const r = await runCli(['journal', 'recover', ...gw(), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ found: 2, booked: [{ msgid: ids.booked, amountFen: 1234 }], reversed: [{ msgid: ids.inFlight, amountFen: 50 }], pending: [] });
    const again = await runCli(['journal', 'recover', ...gw()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('unfinished 0, booked 0, reversed 0, pending 0\n');
    const day = localTime(Date.now()).text.slice(0, 10);
    const rec = await runCli(['journal', 'reconcile', '--date', day, ...gw(), '--json']);
    expect(rec.code).toBe(0);
    expect(JSON.parse(rec.stdout)).toMatchObject({ balanced: true, journal: { totalFen: 1534, count: 2 }, gateway: { totalFen: 1534, count: 2 }, differences: [] });
    const text = await runCli(['journal', 'reconcile', '--date', day, ...gw()]);
    expect(text.stdout).toContain(`${day} balanced`);
  }, 30_000);

  it('usage errors exit 2; an unbalanced day exits 1', async () => {
    expect((await runCli(['journal', 'list', '--journal', file, '--state', 'paid'])).code).toBe(2);
    expect((await runCli(['journal', 'list', '--journal', join(tmpdir(), 'no-such-journal.db')])).code).toBe(2);
    expect((await runCli(['journal', 'recover', '--journal', file])).code).toBe(2);
    const bad = await runCli(['journal', 'reconcile', '--date', '2026-02-30', ...gw()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('YYYY-MM-DD');
    const other = await runCli(['journal', 'reconcile', '--date', '2020-01-01', ...gw()]);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('2020-01-01 balanced');
  }, 30_000);
});
