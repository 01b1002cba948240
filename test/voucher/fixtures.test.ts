// Every fixture case (scripts/make-fixtures.mjs) through verifyVoucher and
// through the built CLI `verify --json --now`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { VoucherError } from '../../src/voucher/errors.js';
import { MemoryReplayGuard } from '../../src/voucher/replay/memory.js';
import { verifyTrustList } from '../../src/voucher/trust-list.js';
import { verifyVoucher } from '../../src/voucher/verify.js';
import type { VoucherUse } from '../../src/voucher/types.js';

const dir = resolve('fixtures/voucher');
interface Case { name: string; token: string; expect: string; use?: VoucherUse; then?: string }
const fx = JSON.parse(readFileSync(resolve(dir, 'cases.json'), 'utf8')) as { now: number; skew: number; cases: Case[] };
const root = JSON.parse(readFileSync(resolve(dir, 'root.public.jwk'), 'utf8'));
const trustJws = readFileSync(resolve(dir, 'trust.jws'), 'utf8');
const clock = () => fx.now * 1000;

async function outcome(token: string, guard: MemoryReplayGuard, use?: VoucherUse): Promise<string> {
  const trust = await verifyTrustList(trustJws, root, { clock });
  try {
    await verifyVoucher(token, { trust, clock, skewSec: fx.skew, replayGuard: guard, ...(use ? { use } : {}) });
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(VoucherError);
    return (err as InstanceType<typeof VoucherError>).code;
  }
}

describe('fixture cases through verifyVoucher', () => {
  it('covers every attack the issue lists', () => {
    const names = fx.cases.map((c) => c.name);
    for (const n of ['alg-none', 'hs256-with-public-key', 'header-jwk', 'header-jku', 'header-x5u', 'header-x5c', 'header-crit', 'header-b64', 'kid-of-another-issuer', 'revoked-key', 'expired-key', 'signature-r-s-zero', 'signature-der-encoded', 'too-long-before-parsing', 'non-base64url-plus', 'duplicate-key-payload', 'claim-iat-string', 'lifetime-61s', 'expired', 'not-yet-valid', 'frozen-sub', 'id-code-used-to-pay', 'replayed-jti']) {
      expect(names).toContain(n);
    }
  });
  for (const c of fx.cases) {
    it(`${c.name} → ${c.expect}${c.then ? ` then ${c.then}` : ''}`, async () => {
      const guard = new MemoryReplayGuard();
      expect(await outcome(c.token, guard, c.use)).toBe(c.expect);
      if (c.then) expect(await outcome(c.token, guard, c.use)).toBe(c.then);
      // A refused code is never recorded as seen.
      if (c.expect !== 'ok') expect(guard.size).toBe(0);
    });
  }
});

// Every case goes through verifyVoucher above; the CLI's parity is sampled (each spawn costs about a second):
// an accepted code and one of each kind of refusal, header, signature, size, parsing, time and claims.
const CLI_SAMPLE = ['valid-es256', 'alg-none', 'signature-high-s', 'too-long-before-parsing', 'duplicate-key-payload', 'expired', 'frozen-sub'];

describe('fixture cases through the CLI (verify --json --now), sampled', () => {
  const args = (c: Case) => ['verify', '-', '--trust', resolve(dir, 'trust.jws'), '--root', resolve(dir, 'root.public.jwk'), '--now', String(fx.now), '--json', ...(c.use ? ['--use', c.use] : [])];
  const sample = fx.cases.filter((c) => CLI_SAMPLE.includes(c.name));
  it('samples cases that exist', () => expect(sample.map((c) => c.name).sort()).toEqual([...CLI_SAMPLE].sort()));
  it.concurrent.each(sample.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const r = await runCli(args(c), { input: c.token });
    const out = JSON.parse(r.stdout) as { ok: boolean; code?: string; message?: { zh: string; en: string }; claims?: unknown };
    if (c.expect === 'ok') {
      expect(r.code).toBe(0);
      expect(out.ok).toBe(true);
    } else {
      expect(r.code).toBe(1);
      expect(out).toMatchObject({ ok: false, code: c.expect });
      expect(out.message?.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
