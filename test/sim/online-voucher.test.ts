import { CompactSign, importJWK } from 'jose';
import { canonicalSignature } from '../../src/sim/issuer/signing.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnvKey, readEnvTrust } from '../../src/sim/env.js';
import { checkVoucherOnline, loadTrustList } from '../../src/sim/online-voucher.js';
import { SimRefusal } from '../../src/sim/refusal.js';
import type { TrustList } from '../../src/voucher/types.js';
import { issue, makeEnv, T0, type Env } from './helpers/terminal.js';

let env: Env;
let trust: TrustList;
const clock = () => T0;
beforeAll(async () => {
  env = await makeEnv(clock);
  trust = await loadTrustList(await readEnvTrust(env.dir), await readEnvKey(env.dir, 'root', 'public'), clock);
});

const check = (text: unknown, t: TrustList = trust) => checkVoucherOnline(text, { trust: t, clock, use: 'pay' });
const codeOf = async (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (e instanceof SimRefusal ? e.errCode : `threw ${String(e)}`));

async function signWith(header: Record<string, unknown>, claims: Record<string, unknown>): Promise<string> {
  const { kid: _k, alg: _a, ...k } = await readEnvKey(env.dir, 'issuer', 'private');
  const jws = canonicalSignature(await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(header as never).sign(await importJWK(k, 'ES256')));
  return `YBV1:${jws}`;
}

const claims = () => ({ iss: env.settings.issuerId, sub: env.person('employee').sub, iat: T0 / 1000, exp: T0 / 1000 + 60, jti: 'abcdefghijklmnopqrstuv', use: 'pay', reg: '420100', chn: 'wechat' });

describe('online voucher check', () => {
  it('accepts a good ES256 code and refuses tampering, extra header fields, wrong iss, revoked keys, frozen subs', async () => {
    const good = await issue(env.dir, T0, env.person('employee').sub);
    await expect(check(good.text)).resolves.toMatchObject({ sub: env.person('employee').sub });
    const [h, p, s] = good.text.slice(5).split('.');
    expect(await codeOf(check(`YBV1:${h}.${p}x.${s}`))).toBe('VOUCHER_INVALID');
    expect(await codeOf(check(`YBV1:${h}.${p}.${s!.slice(0, -4)}AAAA`))).toBe('VOUCHER_INVALID');
    expect(await codeOf(check(await signWith({ alg: 'ES256', kid: 'issuer-es-1', typ: 'ybv+jwt', jku: 'http://x' }, claims())))).toBe('VOUCHER_INVALID');
    expect(await codeOf(check(await signWith({ alg: 'ES256', kid: 'issuer-es-1', typ: 'JWT' }, claims())))).toBe('VOUCHER_INVALID');
    expect(await codeOf(check(await signWith({ alg: 'ES256', kid: 'issuer-es-1', typ: 'ybv+jwt' }, { ...claims(), iss: 'someone' })))).toBe('VOUCHER_INVALID');
    expect(await codeOf(check(await signWith({ alg: 'ES256', kid: 'issuer-es-1', typ: 'ybv+jwt' }, { ...claims(), exp: T0 / 1000 + 61 })))).toBe('VOUCHER_INVALID');
    expect(await codeOf(check(await signWith({ alg: 'ES256', kid: 'issuer-es-1', typ: 'ybv+jwt' }, { ...claims(), jti: 'short' })))).toBe('VOUCHER_INVALID');
    expect(await codeOf(check(good.text, { ...trust, revoked: ['issuer-es-1'] }))).toBe('VOUCHER_INVALID');
    expect(await codeOf(check(good.text, { ...trust, frozen: [env.person('employee').sub] }))).toBe('CREDENTIAL_FROZEN');
    expect(await codeOf(check(`YBV1:${'A'.repeat(600)}`))).toBe('VOUCHER_INVALID');
    // The Ed25519 key never verifies an ES256 header.
    expect(await codeOf(check(await signWith({ alg: 'EdDSA', kid: 'issuer-es-1', typ: 'ybv+jwt' }, claims()).catch(() => 'YBV1:x.y.z')))).toBe('VOUCHER_INVALID');
  });

  it('fuzz: random and mutated input is refused with VOUCHER_INVALID, never anything else', async () => {
    const good = (await issue(env.dir, T0, env.person('employee').sub)).text;
    let seed = 3;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:{}"= ';
    for (let i = 0; i < 400; i++) {
      let text: unknown;
      const kind = rnd(4);
      if (kind === 0) text = Array.from({ length: rnd(700) }, () => alphabet[rnd(alphabet.length)]).join('');
      else if (kind === 1) text = `YBV1:${Array.from({ length: rnd(500) }, () => alphabet[rnd(alphabet.length)]).join('')}`;
      else if (kind === 2) {
        const at = 5 + rnd(good.length - 5);
        text = good.slice(0, at) + alphabet[rnd(alphabet.length)] + good.slice(at + 1);
      } else text = [null, 42, {}, [], undefined, good.slice(0, rnd(good.length))][rnd(6)];
      const got = await codeOf(check(text));
      if (text === good) expect(got).toBe('accepted');
      else expect(['VOUCHER_INVALID', 'accepted']).toContain(got);
      // A one-character change can only be accepted when it hit a base64url padding bit.
      if (got === 'accepted') expect(kind).toBe(2);
    }
  });
});
