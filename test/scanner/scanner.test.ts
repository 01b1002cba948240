import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import { YibaoError } from '../../src/lib/errors.js';
import { isDisconnected } from '../../src/scanner/errors.js';
import { Scanner } from '../../src/scanner/scanner.js';
import type { Scan } from '../../src/scanner/scan.js';
import { manualTimer, once, PushBinding } from './helpers.js';

async function ready(binding = new PushBinding(), extra: Partial<ConstructorParameters<typeof Scanner>[0]> = {}) {
  const timer = manualTimer();
  const scanner = new Scanner({ binding, clock: manualClock(1_000), reopen: { initialMs: 100, maxMs: 400, timer }, ...extra });
  await scanner.open();
  await scanner.claim();
  await scanner.enable();
  return { scanner, binding, timer };
}

describe('Scanner lifecycle', () => {
  it('emits scans with kind, source and clock time once enabled', async () => {
    const { scanner, binding } = await ready();
    const scans: Scan[] = [];
    scanner.on('scan', (s) => scans.push(s));
    binding.push('YBV1:abc\r6901234567892\r');
    expect(scans.map((s) => [s.text, s.kind, s.symbology, s.source, s.at])).toEqual([
      ['YBV1:abc', 'voucher', 'qr', binding.source, 1_000],
      ['6901234567892', 'item', 'ean13', binding.source, 1_000],
    ]);
    expect(scanner.state).toBe('enabled');
  });

  it('enforces the order open → claim → enable (SCAN_STATE)', async () => {
    const s = new Scanner({ binding: new PushBinding() });
    await expect(s.claim()).rejects.toMatchObject({ code: 'SCAN_STATE' });
    await s.open();
    await expect(s.enable()).rejects.toMatchObject({ code: 'SCAN_STATE' });
    await s.claim();
    await s.enable();
    expect(s.state).toBe('enabled');
    await s.release();
    expect(s.state).toBe('opened');
    await s.close();
    expect(s.state).toBe('closed');
  });

  it('claim is exclusive per source until released', async () => {
    const a = await ready(new PushBinding('bytes', 'test:same'));
    const b = new Scanner({ binding: new PushBinding('bytes', 'test:same') });
    await b.open();
    await expect(b.claim()).rejects.toMatchObject({ code: 'SCAN_CLAIMED' });
    await a.scanner.release();
    await b.claim();
    await b.close();
    await a.scanner.close();
  });

  it('discards scans while disabled and counts them', async () => {
    const { scanner, binding } = await ready();
    const scans: Scan[] = [];
    scanner.on('scan', (s) => scans.push(s));
    await scanner.disable();
    binding.push('LOST\r');
    await scanner.enable();
    binding.push('KEPT\r');
    expect(scans.map((s) => s.text)).toEqual(['KEPT']);
    expect(scanner.discarded).toBe(1);
  });

  it('wraps a failing open as SCAN_OPEN_FAILED', async () => {
    const binding = new PushBinding();
    binding.failOpen = 1;
    await expect(new Scanner({ binding }).open()).rejects.toMatchObject({ code: 'SCAN_OPEN_FAILED' });
  });

  it('reports SCAN_TOO_LONG as an error event and keeps going', async () => {
    const { scanner, binding } = await ready(new PushBinding(), { framing: { maxLength: 4 } });
    const errors: string[] = [];
    const scans: string[] = [];
    scanner.on('error', (e) => errors.push(e.code));
    scanner.on('scan', (s) => scans.push(s.text));
    binding.push('123456789\rok\r');
    expect(errors).toEqual(['SCAN_TOO_LONG']);
    expect(scans).toEqual(['ok']);
  });
});

describe('Scanner.scans()', () => {
  it('buffers scans that arrive between iterations and ends on abort', async () => {
    const { scanner, binding } = await ready();
    const ac = new AbortController();
    const got: string[] = [];
    const it = scanner.scans({ signal: ac.signal })[Symbol.asyncIterator]();
    const first = it.next();
    binding.push('A\rB\rC\r');
    got.push((await first).value!.text);
    binding.push('D\r');
    got.push((await it.next()).value!.text, (await it.next()).value!.text, (await it.next()).value!.text);
    const pending = it.next();
    ac.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(got).toEqual(['A', 'B', 'C', 'D']);
    expect(scanner.listenerCount('scan')).toBe(0);
  });

  it('ends when the scanner closes, after delivering what was queued', async () => {
    const { scanner, binding } = await ready();
    const out: string[] = [];
    const done = (async () => {
      for await (const s of scanner.scans()) out.push(s.text);
    })();
    binding.push('X\rY\r');
    await scanner.close();
    await done;
    expect(out).toEqual(['X', 'Y']);
  });

  it('an already-aborted signal yields nothing', async () => {
    const { scanner } = await ready();
    const out = [];
    for await (const s of scanner.scans({ signal: AbortSignal.abort() })) out.push(s);
    expect(out).toEqual([]);
  });
});

describe('Scanner unplug and reopen', () => {
  it('detach → SCAN_DISCONNECTED (flagged), backoff retries, attach, scans after reopen arrive; a half scan is dropped', async () => {
    const { scanner, binding, timer } = await ready();
    const events: string[] = [];
    const scans: string[] = [];
    let error: YibaoError | undefined;
    scanner.on('scan', (s) => scans.push(s.text));
    scanner.on('error', (e) => (error = e));
    scanner.on('detach', () => events.push('detach'));
    scanner.on('attach', () => events.push('attach'));
    const oldSink = binding.sink!;
    binding.push('HALF');
    binding.failOpen = 2;
    oldSink.disconnected(new Error('EIO'));
    expect(events).toEqual(['detach']);
    expect(error?.code).toBe('SCAN_DISCONNECTED');
    expect(isDisconnected(error)).toBe(true);
    expect(scanner.isAttached).toBe(false);
    // Two failed attempts, then success: delays double up to maxMs.
    for (let failed = 0; failed < 2; failed++) {
      timer.fire();
      await new Promise((r) => setImmediate(r)); // the failed open settles, the next attempt is armed
      expect(timer.pending()).toBe(1);
    }
    const attached = once(scanner, 'attach');
    timer.fire();
    await attached;
    expect(timer.delays).toEqual([100, 200, 400]);
    expect(events).toEqual(['detach', 'attach']);
    expect(scanner.state).toBe('enabled');
    oldSink.data(new TextEncoder().encode('STALE\r')); // late bytes from the dead port are ignored
    binding.push('AFTER\r');
    expect(scans).toEqual(['AFTER']);
    await scanner.close();
    expect(timer.pending()).toBe(0);
  });

  it('reopen waits are the shared backoff: capped doubling less a jitter drawn from the injected random source', async () => {
    const timer = manualTimer();
    const draws = [0.5, 0, 0.999];
    const binding = new PushBinding();
    const scanner = new Scanner({ binding, reopen: { initialMs: 100, maxMs: 300, jitter: 0.5, random: () => draws.shift() ?? 0, timer } });
    await scanner.open();
    binding.failOpen = 2;
    binding.sink!.disconnected();
    for (let failed = 0; failed < 2; failed++) {
      timer.fire();
      await new Promise((r) => setImmediate(r));
    }
    // 100 × (1 − 0.5 × 0.5), 200 × (1 − 0), min(400, 300) × (1 − 0.5 × 0.999) rounded.
    expect(timer.delays).toEqual([75, 200, 150]);
    await scanner.close();
  });

  it('close() during backoff stops reopening', async () => {
    const { scanner, binding, timer } = await ready();
    binding.sink!.disconnected();
    expect(timer.pending()).toBe(1);
    await scanner.close();
    expect(timer.pending()).toBe(0);
    expect(binding.opens).toBe(1);
  });

  it('reopen: false leaves a detached scanner detached', async () => {
    const binding = new PushBinding();
    const scanner = new Scanner({ binding, reopen: false });
    await scanner.open();
    binding.sink!.disconnected();
    expect(scanner.isAttached).toBe(false);
    expect(binding.opens).toBe(1);
  });
});
