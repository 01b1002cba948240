/**
 * What a newcomer meets in the first hour with the CLI: a wrong PIN named as
 * such with the tries left (and undone by `gateway reset-pin`), typing
 * mistakes named before anything is used up, keys and simulators that are
 * not overwritten by a second command.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { checkoutJson, startSimCli, type SimCli } from '../helpers/sim-cli.js';

let env: SimCli;
beforeAll(async () => {
  env = await startSimCli('yibao-first-hour-');
});
afterAll(() => env.close());

const issue = async (sub: string): Promise<string> => {
  const r = await runCli(['issue', '--dir', env.dir, '--sub', sub]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
};

describe('a wrong PIN', () => {
  it('is PIN_WRONG with the tries left in --json, not "payer cancelled"; reset-pin gives the tries back', async () => {
    const employee = env.person('employee');
    const wrong = employee.pin === '111111' ? '999999' : '111111';
    const first = await checkoutJson(env, ['--stdin', '--amount', '26.80'], [await issue(employee.sub), wrong]);
    expect(first.code).toBe(1);
    expect(first.json).toMatchObject({ ok: false, code: 'PIN_WRONG', details: { triesLeft: 2 } });
    expect((first.json as unknown as { message: { zh: string; en: string } }).message).toEqual({ zh: '医保支付密码错误，还可尝试 2 次', en: 'Wrong insurance PIN; tries left: 2' });

    const second = await checkoutJson(env, ['--stdin', '--amount', '26.80'], [await issue(employee.sub), wrong]);
    expect(second.json).toMatchObject({ code: 'PIN_WRONG', details: { triesLeft: 1 } });

    const reset = await runCli(['gateway', 'reset-pin', '--dir', env.dir, '--sub', employee.sub, '--gateway', env.sim.url]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(employee.psn_no);

    const again = await checkoutJson(env, ['--stdin', '--amount', '26.80'], [await issue(employee.sub), wrong]);
    expect(again.json).toMatchObject({ code: 'PIN_WRONG', details: { triesLeft: 2 } });
    const paid = await checkoutJson(env, ['--stdin', '--amount', '26.80'], [await issue(employee.sub), employee.pin]);
    expect(paid.json.ok, paid.stderr).toBe(true);
  }, 60_000);

  it('reset-pin refuses a person the environment does not have', async () => {
    const r = await runCli(['gateway', 'reset-pin', '--dir', env.dir, '--sub', 'NOBODY', '--gateway', env.sim.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--sub NOBODY: no such person');
  });
});

describe('mistakes are named before a voucher is used', () => {
  it('issue --sub of nobody in --dir is a usage error; a real person is drawn with their name', async () => {
    const bad = await runCli(['issue', '--dir', env.dir, '--sub', '<employee>']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--sub <employee>: no such person');
    const employee = env.person('employee');
    const code = await issue(employee.sub);
    const claims = JSON.parse(Buffer.from(code.slice('YBV1:'.length).split('.')[1]!, 'base64url').toString('utf8')) as { nm?: string };
    expect(claims.nm).toBe(employee.name);
  });

  it('a malformed --gateway, a decimal comma and an unknown flag are usage errors that name the mistake', async () => {
    const url = await runCli(['checkout', '--dir', env.dir, '--gateway', 'notaurl', '--voucher', 'x', '--pin-stdin', '--amount', '1']);
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('--gateway notaurl: not a URL');
    const comma = await runCli(['checkout', '--dir', env.dir, '--voucher', 'x', '--pin-stdin', '--item', '6901234567892:1:13,40']);
    expect(comma.code).toBe(2);
    expect(comma.stderr).toContain('uses a comma: write the decimal point as a dot (13.40)');
    const flag = await runCli(['checkout', '--dri', env.dir]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--dri'");
    expect(flag.stderr).toContain('did you mean --dir?');
    expect(flag.stderr).not.toContain('not specified');
  });

  it('CHECKOUT_AMOUNT_MISMATCH says both amounts, in Chinese and English', async () => {
    const r = await runCli(['checkout', '--dir', env.dir, '--voucher', 'x', '--pin-stdin', '--amount', '1', '--item', '6901234567892:1:2.00']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('输入金额 1.00 元与商品合计 2.00 元不符');
    expect(r.stderr).toContain('The amount entered (1.00 yuan) differs from the sum of the items (2.00 yuan)');
  });
});

describe('nothing is overwritten by a second command', () => {
  it('keys gen keeps an existing key unless --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yibao-keys-'));
    try {
      const args = ['keys', 'gen', '--alg', 'ES256', '--kid', 'k1', '--private', join(dir, 'a.private.jwk'), '--public', join(dir, 'a.public.jwk')];
      expect((await runCli(args)).code).toBe(0);
      const before = await readFile(join(dir, 'a.private.jwk'), 'utf8');
      const again = await runCli(args);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already exist');
      expect(await readFile(join(dir, 'a.private.jwk'), 'utf8')).toBe(before);
      expect((await runCli([...args, '--force'])).code).toBe(0);
      expect(await readFile(join(dir, 'a.private.jwk'), 'utf8')).not.toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('journal reconcile without --journal uses the till\'s own journal and leaves no stray files', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'yibao-cwd-'));
    try {
      const r = await runCli(['journal', 'reconcile', '--dir', env.dir, '--gateway', env.sim.url, '--date', '2026-12-06', '--json'], { cwd });
      expect(r.stderr).not.toContain('undefined');
      expect(readdirSync(cwd)).toEqual([]);
      expect(existsSync(join(env.dir, 'terminal', 'journal.db'))).toBe(true);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});

describe('verify', () => {
  it('says it did not check used codes when no replay state is given', async () => {
    const code = await issue(env.person('employee').sub);
    const r = await runCli(['verify', code, '--dir', env.dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, replayChecked: false });
    const plain = await runCli(['verify', code, '--dir', env.dir]);
    expect(plain.stderr).toContain('not checked against used codes');
  });
});
