/**
 * Every numeric option is checked where it enters: NaN, ±Infinity,
 * negatives, fractions where whole numbers are meant, and absurd sizes give
 * CONFIG_OPTION_INVALID naming the option, before anything is opened; a NaN
 * skew can no longer switch the voucher time window off.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTerminal, GatewayClient, OptionError, ScriptedPinPad, SerialPinPad, TrustStore, TtyPinPad, verifyVoucher } from '../../src/index.js';
import { startSimulator } from '../../src/sim/index.js';
import { good, makeKit, outcome, T0 } from '../voucher/helpers.js';

const BAD = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -0.5, 1e300, Number.MAX_VALUE];
/** A deterministic spray of further bad values (seeded, so a failure is reproducible). */
function* sprayed(seed = 22): Generator<number> {
  let x = seed;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 20; i++) yield -1 - Math.floor(next() * 1e9);
  for (let i = 0; i < 20; i++) yield 1e12 * (1 + next() * 1e6);
}
const ALL_BAD = [...BAD, ...sprayed()];

const code = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'accepted';
  } catch (e) {
    return OptionError.is(e) && e.code === 'CONFIG_OPTION_INVALID' ? `${e.code}:${String(e.details.option)}` : `other:${(e as { code?: string }).code ?? String(e)}:${JSON.stringify((e as { details?: unknown }).details)}`;
  }
};

describe('numeric options', () => {
  it('skewSec: NaN no longer switches off the time window (a code expired 4,990 s ago was accepted)', async () => {
    const kit = await makeKit();
    const stale = await good(kit.es, { iat: T0 - 5050 });
    const clock = () => T0 * 1000;
    expect(await outcome(verifyVoucher(stale, { trust: kit.trust, clock }))).toBe('VOUCHER_EXPIRED');
    expect(await outcome(verifyVoucher(stale, { trust: kit.trust, clock, skewSec: Number.NaN }))).toBe('CONFIG_OPTION_INVALID');
    for (const v of [...ALL_BAD, 3601, 1.5]) expect(await code(verifyVoucher(stale, { trust: kit.trust, clock, skewSec: v }))).toBe('CONFIG_OPTION_INVALID:skewSec');
    // The edges still work.
    const fresh = await good(kit.es);
    expect(await outcome(verifyVoucher(fresh, { trust: kit.trust, clock, skewSec: 0 }))).toBe('accepted');
    expect(await outcome(verifyVoucher(fresh, { trust: kit.trust, clock, skewSec: 3600 }))).toBe('accepted');
  });

  it('createTerminal refuses a bad skew or refresh interval before opening anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'num-'));
    const base = {
      trust: { rootKey: { kty: 'EC' } },
      gateway: { url: 'http://127.0.0.1:9', fixmedinsCode: 'P1', fixmedinsName: 'x', mdtrtAreaAdmvs: '420100', devNo: 'd', terminalKey: {} },
      journal: join(dir, 'never', 'journal.db'),
      pinPad: new ScriptedPinPad([]),
    } as unknown as Parameters<typeof createTerminal>[0];
    for (const v of ALL_BAD) {
      expect(await code(createTerminal({ ...base, skewSec: v }))).toBe('CONFIG_OPTION_INVALID:skewSec');
      expect(await code(createTerminal({ ...base, trust: { rootKey: {}, refreshEveryMs: v } }))).toBe('CONFIG_OPTION_INVALID:trust.refreshEveryMs');
    }
  });

  it('timeouts, sizes and ports of the gateway client, trust store, PIN pads and simulator', async () => {
    const kit = await makeKit();
    const gw = { url: 'http://127.0.0.1:9', fixmedinsCode: 'P42010000001', fixmedinsName: 'x', mdtrtAreaAdmvs: '420100', devNo: 'd', terminalKey: kit.es.privateJwk } as unknown as ConstructorParameters<typeof GatewayClient>[0];
    for (const v of [...ALL_BAD, 0]) {
      expect(await code(() => new GatewayClient({ ...gw, timeoutMs: v }))).toBe('CONFIG_OPTION_INVALID:timeoutMs');
      expect(await code(() => new GatewayClient({ ...gw, connectTimeoutMs: v }))).toBe('CONFIG_OPTION_INVALID:connectTimeoutMs');
      expect(await code(TrustStore.open({ rootKey: {}, timeoutMs: v }))).toBe('CONFIG_OPTION_INVALID:timeoutMs');
      expect(await code(() => new TtyPinPad({ timeoutMs: v }))).toBe('CONFIG_OPTION_INVALID:timeoutMs');
      expect(await code(() => new SerialPinPad({ path: '/dev/null', timeoutMs: v }))).toBe('CONFIG_OPTION_INVALID:timeoutMs');
      expect(await code(startSimulator({ dir: '/nonexistent', maxBodyBytes: v }))).toBe('CONFIG_OPTION_INVALID:maxBodyBytes');
    }
    for (const v of [...ALL_BAD, 65_536, 80.5]) expect(await code(startSimulator({ dir: '/nonexistent', port: v }))).toBe('CONFIG_OPTION_INVALID:port');
    for (const v of [...ALL_BAD, 3601]) expect(await code(startSimulator({ dir: '/nonexistent', skewSec: v }))).toBe('CONFIG_OPTION_INVALID:skewSec');
  });
});
