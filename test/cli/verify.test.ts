// The voucher CLI contract end to end on the built CLI: keys gen → trust make
// → issue → verify, with --state replay across processes and --dir.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const T = mkdtempSync(join(tmpdir(), 'ybv-cli-'));
const p = (f: string) => join(T, f);
const NOW = 1_767_225_600;

async function ok(args: string[], input?: string) {
  const r = await runCli(args, input === undefined ? {} : { input });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  await ok(['keys', 'gen', '--alg', 'ES256', '--kid', 'root-1', '--private', p('root.jwk'), '--public', p('root.pub.jwk')]);
  await ok(['keys', 'gen', '--alg', 'EdDSA', '--kid', 'ed-1', '--private', p('ed.jwk'), '--public', p('ed.pub.jwk')]);
  await ok(['keys', 'gen', '--alg', 'ES256', '--kid', 'es-1', '--private', p('es.jwk'), '--public', p('es.pub.jwk')]);
  await ok(['trust', 'make', '--root-key', p('root.jwk'), '--seq', '3', '--exp', '30d', '--now', String(NOW), '--issuer-key', `nhsa=${p('ed.pub.jwk')}`, '--issuer-key', `nhsa=${p('es.pub.jwk')}`, '--revoked', 'es-1', '--frozen', 'FROZEN000001', '--out', p('trust.jws')]);
  await ok(['trust', 'make', '--root-key', p('root.jwk'), '--seq', '1', '--exp', String(NOW - 1), '--now', String(NOW - 100), '--issuer-key', `nhsa=${p('ed.pub.jwk')}`, '--out', p('expired.jws')]);
}, 60_000);

const verifyArgs = (extra: string[] = []) => ['verify', '--trust', p('trust.jws'), '--root', p('root.pub.jwk'), '--now', String(NOW + 1), '--json', ...extra];

describe('keys gen and trust make', () => {
  it('writes JWKs with kid and alg, the private one mode 0600', async () => {
    const pub = JSON.parse(readFileSync(p('ed.pub.jwk'), 'utf8'));
    expect(pub).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'ed-1', alg: 'EdDSA' });
    expect(pub.d).toBeUndefined();
    const { statSync } = await import('node:fs');
    expect(statSync(p('ed.jwk')).mode & 0o777).toBe(0o600);
  });
  it('takes several issuer keys, revoked kids and frozen subs after one flag too', async () => {
    await ok(['trust', 'make', '--root-key', p('root.jwk'), '--seq', '4', '--exp', '30d', '--now', String(NOW), '--issuer-key', `nhsa=${p('ed.pub.jwk')}`, `nhsa=${p('es.pub.jwk')}`, '--revoked', 'x-1', 'x-2', '--frozen', 'FROZEN000001', 'FROZEN000002', '--out', p('trust-listed.jws')]);
    const claims = JSON.parse(Buffer.from(readFileSync(p('trust-listed.jws'), 'utf8').split('.')[1]!, 'base64url').toString('utf8')) as { keys: unknown[]; revoked: string[]; frozen: string[] };
    expect(claims.keys).toHaveLength(2);
    expect(claims.revoked).toEqual(['x-1', 'x-2']);
    expect(claims.frozen).toEqual(['FROZEN000001', 'FROZEN000002']);
  });

  it('usage errors exit 2 with a message and no stack', async () => {
    for (const args of [
      ['keys', 'gen', '--alg', 'RS256', '--kid', 'x', '--private', p('x'), '--public', p('y')],
      ['trust', 'make', '--root-key', p('missing.jwk'), '--seq', '1', '--exp', '1d', '--out', p('t')],
      ['trust', 'make', '--root-key', p('root.jwk'), '--seq', '1', '--exp', '3 weeks', '--out', p('t')],
      ['trust', 'make', '--root-key', p('root.pub.jwk'), '--seq', '1', '--exp', '1d', '--out', p('t')],
      ['trust', 'make', '--root-key', p('root.jwk'), '--seq', '1', '--exp', '1d', '--issuer-key', p('ed.pub.jwk'), '--out', p('t')],
      ['issue', '--sub', 'ABCDEFGH'],
      ['verify', 'x'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^yibao-pos: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
  it('--help on every command', async () => {
    for (const c of [['keys', 'gen'], ['trust', 'make'], ['issue'], ['verify']]) {
      const r = await runCli([...c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: yibao-pos/);
    }
  });
});

describe('issue and verify', () => {
  it('accepts a fresh code once with --state (argument, then stdin), across processes', async () => {
    const qr = (await ok(['issue', '--key', p('ed.jwk'), '--iss', 'nhsa', '--sub', 'ABCDEFGH12', '--nm', '张*三', '--chn', 'wechat', '--now', String(NOW)])).trim();
    expect(qr).toMatch(/^YBV1:[\w-]+\.[\w-]+\.[\w-]+$/);
    const state = p('state-a');
    const first = JSON.parse(await ok([...verifyArgs(['--state', state]), qr]));
    expect(first).toMatchObject({ ok: true, claims: { iss: 'nhsa', sub: 'ABCDEFGH12', nm: '张*三', chn: 'wechat', use: 'pay', iat: NOW, exp: NOW + 60 } });
    const second = await runCli([...verifyArgs(['--state', state]), '-'], { input: `${qr}\n` });
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toEqual({ ok: false, code: 'VOUCHER_REPLAYED', message: { zh: expect.any(String), en: expect.any(String) } });
    // Without --state nothing is remembered.
    expect((await runCli([...verifyArgs(), qr])).code).toBe(0);
  });

  it('several processes racing with one code and one --state accept it exactly once', async () => {
    const qr = (await ok(['issue', '--key', p('ed.jwk'), '--iss', 'nhsa', '--sub', 'ABCDEFGH12', '--now', String(NOW)])).trim();
    const state = p('state-race');
    const results = await Promise.all(Array.from({ length: 6 }, () => runCli([...verifyArgs(['--state', state]), qr])));
    expect(results.map((r) => r.code).sort()).toEqual([0, 1, 1, 1, 1, 1]);
  });

  it('refusals: revoked key, frozen, id used to pay, expired, and an expired trust list (exit 2)', async () => {
    const refuse = async (args: string[], code: string) => {
      const r = await runCli([...verifyArgs(), ...args]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).code).toBe(code);
      expect(r.stderr).toContain(code);
    };
    const issue = async (...extra: string[]) => (await ok(['issue', '--key', p('ed.jwk'), '--iss', 'nhsa', '--now', String(NOW), ...extra])).trim();
    await refuse([(await ok(['issue', '--key', p('es.jwk'), '--iss', 'nhsa', '--sub', 'ABCDEFGH12', '--now', String(NOW)])).trim()], 'VOUCHER_KEY_REVOKED');
    await refuse([await issue('--sub', 'FROZEN000001')], 'VOUCHER_FROZEN');
    await refuse([await issue('--sub', 'ABCDEFGH12', '--use', 'id')], 'VOUCHER_WRONG_USE');
    expect((await runCli([...verifyArgs(['--use', 'id']), await issue('--sub', 'ABCDEFGH12', '--use', 'id')])).code).toBe(0);
    await refuse(['--skew', '0', '--now', String(NOW + 61), await issue('--sub', 'ABCDEFGH12')], 'VOUCHER_EXPIRED');
    await refuse([await issue('--sub', 'ABCDEFGH12', '--ttl', '61')], 'VOUCHER_BAD_LIFETIME');
    const r = await runCli(['verify', '--trust', p('expired.jws'), '--root', p('root.pub.jwk'), '--now', String(NOW), '--json', await issue('--sub', 'ABCDEFGH12')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: 'TRUST_EXPIRED' });
    const wrongRoot = await runCli(['verify', '--trust', p('trust.jws'), '--root', p('ed.pub.jwk'), 'x']);
    expect(wrongRoot.code).toBe(2);
    expect(wrongRoot.stderr).toMatch(/TRUST_/);
  }, 60_000); // fifteen CLI processes: over 20 s on a loaded machine

  it('issue --png writes a PNG; plain verify prints a one-line summary', async () => {
    const out = await ok(['issue', '--key', p('ed.jwk'), '--iss', 'nhsa', '--sub', 'ABCDEFGH12', '--now', String(NOW), '--png', p('code.png')]);
    expect(readFileSync(p('code.png')).subarray(1, 4).toString()).toBe('PNG');
    const r = await runCli(['verify', '--trust', p('trust.jws'), '--root', p('root.pub.jwk'), '--now', String(NOW), out.trim()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^accepted pay ABCDEFGH12 /);
  });

  it('--dir: issue with the environment issuer key and verify with its trust list; --trust overrides', async () => {
    const dir = p('env');
    mkdirSync(join(dir, 'keys'), { recursive: true });
    copyFileSync(p('ed.jwk'), join(dir, 'keys', 'issuer.private.jwk'));
    copyFileSync(p('root.pub.jwk'), join(dir, 'keys', 'root.public.jwk'));
    copyFileSync(p('trust.jws'), join(dir, 'trust.jws'));
    writeFileSync(join(dir, 'env.json'), JSON.stringify({ issuerId: 'nhsa', rootId: 'nhsa-root' }));
    const qr = (await ok(['issue', '--dir', dir, '--sub', 'ABCDEFGH12', '--now', String(NOW)])).trim();
    expect((await runCli(['verify', '--dir', dir, '--now', String(NOW), '--json', qr])).code).toBe(0);
    const r = await runCli(['verify', '--dir', dir, '--now', String(NOW), '--trust', p('expired.jws'), '--json', qr]);
    expect(r.code).toBe(2);
  });
});
