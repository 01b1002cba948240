import { spawn } from 'node:child_process';
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { readEnvSettings } from '../../src/sim/env.js';
import { DIST, runCli } from '../helpers/cli.js';
import { TestTerminal } from '../sim/helpers/terminal.js';

const CASES = [
  'employee', 'low-balance', 'resident', 'frozen-offline', 'frozen-online', 'not-enrolled', 'mutual-aid-owner',
  'mutual-aid-member', 'unbound-payer', 'family-owner', 'family-member', 'cross-region', 'pin-lock', 'suspended',
];

describe('yibao-pos gateway init', () => {
  it('--json lists every case with a known PIN and balance', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'yibao-cli-')), 'env');
    const r = await runCli(['gateway', 'init', '--dir', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { persons: Array<Record<string, unknown>> };
    expect(out.persons.map((p) => p.case)).toEqual(CASES);
    const employee = out.persons.find((p) => p.case === 'employee')!;
    expect(employee).toMatchObject({ insutype: '310', balanceFen: 50000, account: true, reg: '420100' });
    expect(employee.pin).toMatch(/^[0-9]{6}$/);
    expect(out.persons.find((p) => p.case === 'cross-region')!.reg).not.toBe('420100');
    expect(JSON.parse(await readFile(join(dir, 'persons.json'), 'utf8'))).toEqual(out.persons);
    expect(JSON.parse(await readFile(join(dir, 'terminal.json'), 'utf8'))).toEqual({
      gateway: { fixmedinsCode: 'P42010000001', fixmedinsName: '武汉健民大药房(模拟)', mdtrtAreaAdmvs: '420100', devNo: 'POS-0001' },
      terminalKey: join('keys', 'terminal.private.jwk'),
      rootKey: join('keys', 'root.public.jwk'),
      trustList: 'trust.jws',
      stateDir: 'terminal',
      // The test pharmacist on duty, sent in 3505 (phar_name, phar_prac_cert_no).
      pharmacist: { name: '李药师(模拟)', certNo: 'YS420100000001' },
    });
    const again = await runCli(['gateway', 'init', '--dir', dir]);
    expect(again.code).toBe(2); // a configuration error, not a refusal
    expect(again.stderr).toContain('SIM_ENV_EXISTS');
  });

  it('prints a table by default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yibao-cli-'));
    const r = await runCli(['gateway', 'init', '--dir', dir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^case\s+name\s+sub\s+psn_no\s+insutype\s+pin\s+balance\(yuan\)$/);
    expect(lines).toHaveLength(CASES.length + 1);
    expect(lines.find((l) => l.startsWith('employee '))).toMatch(/500\.00$/);
    expect(lines.find((l) => l.startsWith('resident '))).toMatch(/-$/);
  });
});

describe('yibao-pos gateway serve', () => {
  it('prints its URL first, writes it into env.json, answers, and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yibao-cli-'));
    expect((await runCli(['gateway', 'init', '--dir', dir])).code).toBe(0);
    const child = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), 'gateway', 'serve', '--dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<string>((res, rej) => {
      createInterface({ input: child.stdout }).once('line', res);
      child.once('exit', (c) => rej(new Error(`exited ${c}`)));
    });
    const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1];
    expect(url).toBeDefined();
    expect(JSON.parse(await readFile(join(dir, 'env.json'), 'utf8')).url).toBe(url);
    // The terminal's own settings now name this gateway: checkout --dir needs no --gateway.
    expect(JSON.parse(await readFile(join(dir, 'terminal.json'), 'utf8')).gateway.url).toBe(url);
    const accounts = (await (await simAdminFetch(`${url}/admin/accounts`, {}, { dir })).json()) as unknown[];
    expect(accounts.length).toBeGreaterThan(5);
    expect((await fetch(`${url}/trans`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    const exit = new Promise<number | null>((res) => child.once('exit', res));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('serve --profile national answers in the real shape; an unknown profile is a usage error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yibao-cli-'));
    expect((await runCli(['gateway', 'init', '--dir', dir])).code).toBe(0);
    expect((await runCli(['gateway', 'serve', '--dir', dir, '--profile', 'provincial'])).code).toBe(2);
    const child = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), 'gateway', 'serve', '--dir', dir, '--port', '0', '--profile', 'national'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<string>((res, rej) => {
      createInterface({ input: child.stdout }).once('line', res);
      child.once('exit', (c) => rej(new Error(`exited ${c}`)));
    });
    const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)![1]!;
    const env = { dir, persons: [], settings: await readEnvSettings(dir), person: () => { throw new Error('unused'); } };
    const term = await TestTerminal.create(url, env, () => Date.now());
    const a = await term.send('9001', { signIn: { opter_no: 'C001', mac: '00:11:22:33:44:55', ip: '127.0.0.1' } });
    expect(a.body).toMatchObject({ infcode: 0, err_msg: null, warn_msg: null, cainfo: null, signtype: null });
    const refused = await term.send('2601', { data: {} });
    expect(refused.body).toMatchObject({ infcode: -1, output: null });
    expect(refused.body).not.toHaveProperty('err_code');
    const exit = new Promise<number | null>((res) => child.once('exit', res));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('refuses a directory without an environment and a bad port', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yibao-cli-'));
    const r = await runCli(['gateway', 'serve', '--dir', dir]);
    expect(r.code).toBe(2); // a configuration error, not a refusal
    expect(r.stderr).toContain('SIM_ENV_MISSING');
    const p = await runCli(['gateway', 'serve', '--dir', dir, '--port', 'x']);
    expect(p.code).toBe(2);
  });
});
