/**
 * The national profile through the CLI contract alone: `gateway init
 * --profile national`, `gateway serve --dir`, `issue --dir` (offline voucher
 * and `--format national`) and `checkout --dir` with no further flag: the
 * sale goes over the platform's service path, x-tif headers, SM2 and SM4,
 * and the national code through the local voucher service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonCase } from '../../src/sim/init.js';
import { DIST, runCli } from '../helpers/cli.js';

describe('national profile through the CLI', { timeout: 90_000 }, () => {
  let root: string;
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let persons: PersonCase[];
  const person = (c: string) => persons.find((p) => p.case === c)!;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'yibao-cli-national-'));
    dir = join(root, 'env');
    const init = await runCli(['gateway', 'init', '--dir', dir, '--profile', 'national', '--json']);
    expect(init.code).toBe(0);
    persons = (JSON.parse(init.stdout) as { persons: PersonCase[] }).persons;
    child = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), 'gateway', 'serve', '--dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<string>((res, rej) => {
      createInterface({ input: child.stdout! }).once('line', res);
      child.once('exit', (c) => rej(new Error(`serve exited ${c}`)));
    });
    url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)![1]!;
  }, 90_000);
  afterAll(async () => {
    const exit = new Promise((res) => child.once('exit', res));
    child.kill('SIGTERM');
    await exit;
    await rm(root, { recursive: true, force: true });
  });

  async function checkout(voucher: string, pin: string, amount: string) {
    const r = await runCli(['checkout', '--dir', dir, '--voucher', voucher, '--amount', amount, '--pin-stdin', '--json'], { input: `${pin}\n` });
    return { code: r.code, json: JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok: boolean; receipt?: { totalFen: number; verifiedBy: string; acctPayFen: number } }, stderr: r.stderr };
  }

  it('serve speaks the national wire only: /trans-style bodies at the service path without x-tif headers are refused', async () => {
    const terminal = JSON.parse(await readFile(join(dir, 'terminal.json'), 'utf8')) as { gateway: { url: string; profile: string } };
    expect(terminal.gateway).toMatchObject({ url, profile: 'national' });
    const r = await fetch(`${url}/fsi/api/rsfComIfsService/callService`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
  });

  it('sells with an offline voucher, and with a national code decoded by ec.query', async () => {
    const e = person('employee');
    const voucher = await runCli(['issue', '--dir', dir, '--sub', e.sub, '--reg', e.reg]);
    expect(voucher.code).toBe(0);
    const offline = await checkout(voucher.stdout.trim(), e.pin, '26.80');
    expect(offline.stderr).toBe('');
    expect(offline.json).toMatchObject({ ok: true, receipt: { totalFen: 2680, verifiedBy: 'offline', acctPayFen: 2680 } });

    const r = person('resident');
    const code = await runCli(['issue', '--format', 'national', '--dir', dir, '--sub', r.sub]);
    expect(code.code).toBe(0);
    expect(code.stdout.trim()).toMatch(/^\d{28}$/);
    const online = await checkout(code.stdout.trim(), r.pin, '12.00');
    expect(online.json).toMatchObject({ ok: true, receipt: { totalFen: 1200, verifiedBy: 'online' } });
  });
});
