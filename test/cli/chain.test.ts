/**
 * A chain of pharmacies in the simulator through the CLI: `gateway init
 * --tills 2,1` (two tills in the first pharmacy, one in the second, numbered
 * across the chain), a sale at till 3 booked under the second pharmacy's
 * code, and `--tills` refusing counts that are not a chain.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, type CliEnv } from '../helpers/cli.js';

let env: CliEnv;
let root: string;
let dir: string;
let sim: CliEnv['sim'];
let persons: CliEnv['persons'];
let tills: CliEnv['tills'];

beforeAll(async () => {
  env = await cliEnv('yibao-chain-cli-', ['--tills', '2,1']);
  ({ root, dir, sim, persons, tills } = env);
}, 60_000);
afterAll(async () => env.close());

async function checkout(till: number, amount: string) {
  const p = persons.find((x) => x.case === 'employee')!;
  const code = await runCli(['issue', '--dir', dir, '--sub', p.sub, '--reg', p.reg]);
  const r = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--till', String(till), '--voucher', code.stdout.trim(), '--amount', amount, '--pin-stdin', '--json'], {
    input: `${p.pin}\n`,
    timeoutMs: 30_000,
  });
  return { code: r.code, stderr: r.stderr, json: JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; receipt?: { msgid: string } } };
}

describe('a chain of pharmacies, through the CLI', () => {
  it('gateway init --tills 2,1 lists three tills numbered across the chain, each with its pharmacy', async () => {
    expect(tills.map((t) => [t.till, t.pharmacy])).toEqual([
      [1, 'P42010000001'],
      [2, 'P42010000001'],
      [3, 'P42010000002'],
    ]);
    expect(new Set(tills.map((t) => t.devNo)).size).toBe(3);
    const env = JSON.parse(await readFile(join(dir, 'env.json'), 'utf8')) as { pharmacies: Array<{ fixmedinsCode: string }> };
    expect(env.pharmacies.map((p) => p.fixmedinsCode)).toEqual(['P42010000001', 'P42010000002']);
  });

  it("till 3 sells under the second pharmacy's code; till 1 under the first", async () => {
    const [a, c] = await Promise.all([checkout(1, '1.00'), checkout(3, '3.00')]);
    expect(a.json.ok, a.stderr).toBe(true);
    expect(c.json.ok, c.stderr).toBe(true);
    expect(a.json.receipt!.msgid.startsWith('P42010000001')).toBe(true);
    expect(c.json.receipt!.msgid.startsWith('P42010000002')).toBe(true);
    // Till 3's block of the sequence: 200..299.
    expect(Number(c.json.receipt!.msgid.slice(-4))).toBeGreaterThanOrEqual(200);
  }, 60_000);

  it('--tills refuses a pharmacy without tills and more than 100 tills in the chain', async () => {
    for (const bad of ['2,0', '60,41']) {
      const r = await runCli(['gateway', 'init', '--dir', join(root, `bad-${bad}`), '--tills', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--tills');
    }
  }, 60_000);
});
