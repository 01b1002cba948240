import { CompactEncrypt, decodeProtectedHeader, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { openPinBlock } from '../../src/sim/pin-block.js';
import { pinKeyPair } from '../pin/keys.js';

const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
const bound = { jti: 'v-01HX-jti', msgid: 'P42010000001202611220800000001', amountFen: 2680 };
let keys: Awaited<ReturnType<typeof pinKeyPair>>;
let other: Awaited<ReturnType<typeof pinKeyPair>>;

beforeAll(async () => {
  keys = await pinKeyPair();
  other = await pinKeyPair();
});

const seal = (over: Partial<typeof bound> = {}) => sealPinBlock('918273', { ...bound, ...over, pinKey: keys.publicJwk, now: T0 });
const open = (jwe: string, opts: { clock?: () => number; maxAgeSec?: number } = {}) =>
  openPinBlock(jwe, { privateKey: keys.privateJwk, expect: bound, clock: opts.clock ?? manualClock(T0 + 5_000), ...(opts.maxAgeSec ? { maxAgeSec: opts.maxAgeSec } : {}) });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('openPinBlock', () => {
  it('round-trips a block sealed for this message', async () => {
    const jwe = await seal();
    expect(decodeProtectedHeader(jwe)).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM' });
    expect(await open(jwe)).toBe('918273');
  });

  it('refuses a block sealed for another msgid, jti or amount with PIN_BLOCK_MISMATCH', async () => {
    for (const over of [{ msgid: 'P42010000001202611220800000002' }, { jti: 'other-jti' }, { amountFen: 2681 }]) {
      const jwe = await seal(over);
      await expect(open(jwe)).rejects.toMatchObject({ code: 'PIN_BLOCK_MISMATCH', details: { fields: [Object.keys(over)[0] === 'amountFen' ? 'amt' : Object.keys(over)[0]] } });
    }
  });

  it('refuses a block for another key, a truncated or altered block with PIN_BLOCK_INVALID', async () => {
    const jwe = await seal();
    const toOther = await sealPinBlock('918273', { ...bound, pinKey: other.publicJwk, now: T0 });
    expect(await codeOf(open(toOther))).toBe('PIN_BLOCK_INVALID');
    expect(await codeOf(open(jwe.slice(0, jwe.length - 5)))).toBe('PIN_BLOCK_INVALID');
    const parts = jwe.split('.');
    const ct = parts[3] as string;
    parts[3] = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
    expect(await codeOf(open(parts.join('.')))).toBe('PIN_BLOCK_INVALID');
    expect(await codeOf(open('not.a.jwe'))).toBe('PIN_BLOCK_INVALID');
  });

  it('refuses a block with a valid seal but a payload without the claims', async () => {
    const key = await importJWK(keys.publicJwk, 'ECDH-ES+A256KW');
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ pin: '12345', ...bound })))
      .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM' })
      .encrypt(key);
    expect(await codeOf(open(jwe))).toBe('PIN_BLOCK_INVALID');
  });

  it('refuses a stale block and one from the future with PIN_BLOCK_STALE', async () => {
    const jwe = await seal();
    expect(await codeOf(open(jwe, { clock: manualClock(T0 + 301_000) }))).toBe('PIN_BLOCK_STALE');
    expect(await codeOf(open(jwe, { clock: manualClock(T0 - 60_000) }))).toBe('PIN_BLOCK_STALE');
    expect(await open(jwe, { clock: manualClock(T0 + 299_000) })).toBe('918273');
  });

  it('keeps the PIN out of every refusal', async () => {
    const jwe = await seal({ amountFen: 1 });
    const err = await open(jwe).catch((e: unknown) => e as Error);
    expect(JSON.stringify(err) + String((err as Error).message)).not.toContain('918273');
  });
});
