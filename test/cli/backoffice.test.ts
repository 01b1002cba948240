/**
 * The back office through the CLI: `backoffice serve` (embedded PGlite in
 * DIR) prints its ready line; `checkout --backoffice` pushes the sale once
 * the receipt is out; `journal push` exits 1 while the back office cannot
 * be reached and 0 once the till caught up; `backoffice reconcile` exits 0
 * for a balanced day of both pharmacies, in summary and in detail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { DIST, runCli } from '../helpers/cli.js';

let root: string;
let dir: string;
let sim: Simulator;
let persons: PersonCase[];
let serve: ChildProcess;
let url: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'yibao-bo-cli-'));
  dir = join(root, 'env');
  const init = await runCli(['gateway', 'init', '--dir', dir, '--tills', '2,1', '--json']);
  expect(init.code, init.stderr).toBe(0);
  ({ persons } = JSON.parse(init.stdout) as { persons: PersonCase[] });
  sim = await startSimulator({ dir, port: 0 });
  serve = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), 'backoffice', 'serve', '--dir', dir, '--port', '0', '--gateway', sim.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((ok, fail) => {
    let out = '';
    let errText = '';
    serve.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
    serve.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /backoffice ready (\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    serve.on('exit', (code) => fail(new Error(`backoffice serve exited ${code}: ${errText}`)));
  });
}, 240_000);
afterAll(async () => {
  if (serve && serve.exitCode === null) {
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('exit', r));
  }
  await sim?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

const day = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

async function checkout(till: number, amount: string, extra: string[] = []) {
  const p = persons.find((x) => x.case === 'employee')!;
  const code = await runCli(['issue', '--dir', dir, '--sub', p.sub, '--reg', p.reg]);
  const r = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--till', String(till), '--voucher', code.stdout.trim(), '--amount', amount, '--pin-stdin', '--json', ...extra], {
    input: `${p.pin}\n`,
    timeoutMs: 30_000,
  });
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean };
}

describe('the back office, through the CLI', () => {
  it('serve prints its ready line and a URL on loopback', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('checkout --backoffice pushes the sale; journal push catches a till up once the back office answers', async () => {
    expect(await checkout(3, '3.00', ['--backoffice', url])).toMatchObject({ ok: true });
    expect(await checkout(1, '1.00')).toMatchObject({ ok: true });
    const down = await runCli(['journal', 'push', '--dir', dir, '--till', '1', '--backoffice', 'http://127.0.0.1:9', '--json']);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout)).toMatchObject({ remaining: 1 });
    const up = await runCli(['journal', 'push', '--dir', dir, '--till', '1', '--backoffice', url, '--json']);
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ pushed: 1, remaining: 0 });
    const three = await runCli(['journal', 'push', '--dir', dir, '--till', '3', '--backoffice', url, '--json']);
    expect(three.code).toBe(0);
    expect(JSON.parse(three.stdout)).toMatchObject({ pushed: 0, remaining: 0 });
  }, 120_000);

  it('backoffice reconcile exits 0 when both pharmacies balance, in summary and in detail', async () => {
    const summary = await runCli(['backoffice', 'reconcile', '--url', url, '--date', day(), '--json']);
    expect(summary.code, summary.stdout + summary.stderr).toBe(0);
    const body = JSON.parse(summary.stdout) as { balanced: boolean; pharmacies: Array<{ pharmacy: string; balanced: boolean }> };
    expect(body.pharmacies.map((p) => [p.pharmacy, p.balanced])).toEqual([['P42010000001', true], ['P42010000002', true]]);
    const detail = await runCli(['backoffice', 'reconcile', '--url', url, '--date', day(), '--pharmacy', 'P42010000002', '--detail']);
    expect(detail.code, detail.stdout + detail.stderr).toBe(0);
    expect(detail.stdout).toContain('3202 detail: 1 rows sent');
  }, 120_000);
});
