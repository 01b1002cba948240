/**
 * createTerminal unwinds a failed start: when the second scanner's open()
 * throws, everything started before it is stopped and everything opened
 * before it is closed, last first; parts handed in stay open but carry no
 * listener, timer or worker of the dead terminal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTerminal } from '../../src/checkout/terminal.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import type { Gateway } from '../../src/gateway/types.js';
import { manualClock } from '../../src/lib/clock.js';
import { ScriptedPinPad } from '../../src/pin/scripted-pin-pad.js';
import { Scanner } from '../../src/scanner/scanner.js';
import { PushBinding } from '../scanner/helpers.js';
import { makeKit, T0, type Kit } from '../voucher/helpers.js';

let kit: Kit;
beforeAll(async () => {
  kit = await makeKit();
});

const dirs: string[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A gateway that signs in and is never asked for money (the start fails first). */
function gateway(): Gateway {
  let n = 0;
  const refuse = () => Promise.reject(new Error('not in this test'));
  return {
    newMsgid: () => `P42010000001${String(++n).padStart(18, '0')}`,
    signIn: async () => ({ signNo: 'S1', signTime: '2026-12-06 10:00:00' }),
    signOut: async () => undefined,
    personInfo: refuse,
    preSettle: refuse,
    settle: refuse,
    cancel: refuse,
    reverse: refuse,
    query: refuse,
    reconcile: refuse,
  };
}

function scanners() {
  const good = new PushBinding('bytes', 'test:first');
  const bad = new PushBinding('bytes', 'test:second');
  bad.failOpen = 1;
  return { good, bad, first: new Scanner({ binding: good, reopen: false }), second: new Scanner({ binding: bad, reopen: false }) };
}

const base = () => ({
  trust: { rootKey: kit.root.publicJwk, initial: kit.trustJws, refreshEveryMs: 60_000 },
  pinPad: new ScriptedPinPad([]),
  pharmacy: { code: 'P42010000001', name: '测试大药房', region: '420100' },
  clock: manualClock(T0 * 1000),
});

describe('createTerminal when a scanner fails to open', () => {
  it('leaves the parts handed in with no listener, timer or worker, and the first scanner closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yibao-start-fail-'));
    dirs.push(dir);
    const journal = await SettlementJournal.open(join(dir, 'journal.db'));
    // One outbox worker sends the reversals and the trace uploads.
    const worker = { start: vi.spyOn(journal, 'startOutbox'), stop: vi.spyOn(journal, 'stopOutbox') };
    const { good, first, second } = scanners();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });

    const err = await createTerminal({ ...base(), gateway: gateway(), journal, scanners: [first, second] }).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'SCAN_OPEN_FAILED' });
    // The trust-refresh interval and any worker timer are gone.
    expect(vi.getTimerCount()).toBe(0);
    // The first scanner was opened, claimed and enabled, then closed again, with no listener left.
    expect(first.state).toBe('closed');
    expect(good.opens).toBe(1);
    expect(good.closed).toBe(1);
    for (const ev of ['scan', 'attach', 'detach', 'error'] as const) expect(first.listenerCount(ev)).toBe(0);
    // The journal is the caller's: open, but the outbox worker the terminal started is stopped
    // and the listeners it added are removed.
    expect(worker.start).toHaveBeenCalledTimes(1);
    expect(worker.stop).toHaveBeenCalledTimes(1);
    expect(worker.stop.mock.invocationCallOrder.at(-1)!).toBeGreaterThan(worker.start.mock.invocationCallOrder[0]!);
    for (const ev of ['reversed', 'cancel-kept', 'state', 'reversal-failed'] as const) expect(journal.listenerCount(ev)).toBe(0);
    expect(journal.list()).toEqual([]);
    // The same scanner can be claimed again by the next terminal.
    await first.open();
    await expect(first.claim()).resolves.toBeUndefined();
    await first.close();
    await journal.close();
  });

  it('closes the files it opened itself, last first, so the next start can open them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yibao-start-fail-'));
    dirs.push(dir);
    const { first, second } = scanners();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const config = { ...base(), gateway: gateway(), journal: join(dir, 'journal.db'), replayGuard: join(dir, 'replay.db') };

    await expect(createTerminal({ ...config, scanners: [first, second] })).rejects.toMatchObject({ code: 'SCAN_OPEN_FAILED' });
    expect(vi.getTimerCount()).toBe(0);
    expect(first.state).toBe('closed');

    // The journal's lock was released: a new terminal on the same files starts.
    const again = scanners();
    const t = await createTerminal({ ...config, scanners: [again.first] });
    expect(vi.getTimerCount()).toBe(1); // its trust refresh
    expect(again.first.state).toBe('enabled');
    await t.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(again.first.state).toBe('closed');
    await t.close(); // idempotent
  });
});
