import { compactDecrypt, importJWK } from 'jose';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import type { PinTimer } from '../../src/pin/prompt-text.js';
import { TtyPinPad } from '../../src/pin/tty-pin-pad.js';
import { pinKeyPair } from './keys.js';

/** A stream that says it is a TTY and records raw-mode changes. */
function fakeTty(isTTY = true) {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; isRaw: boolean; setRawMode(m: boolean): unknown; modes: boolean[] };
  input.isTTY = isTTY;
  input.isRaw = false;
  input.modes = [];
  input.setRawMode = (m: boolean) => {
    input.isRaw = m;
    input.modes.push(m);
    return input;
  };
  let screen = '';
  const output = new PassThrough();
  output.setEncoding('utf8').on('data', (d: string) => (screen += d));
  return { input, output, screen: () => screen };
}

function manualTimer() {
  const pending = new Map<number, () => void>();
  let id = 0;
  const timer: PinTimer & { fire(): void; count(): number } = {
    set: (fn) => {
      pending.set(++id, fn);
      return id;
    },
    clear: (h) => void pending.delete(h as number),
    fire: () => {
      for (const [k, fn] of [...pending]) {
        pending.delete(k);
        fn();
      }
    },
    count: () => pending.size,
  };
  return timer;
}

let keys: Awaited<ReturnType<typeof pinKeyPair>>;
beforeAll(async () => {
  keys = await pinKeyPair();
});
const req = (over: Record<string, unknown> = {}) => ({ amountFen: 2680, payerName: '张*三', attempt: 1, jti: 'J1', msgid: 'M1', pinKey: keys.publicJwk, ...over });

async function payload(jwe: string): Promise<Record<string, unknown>> {
  const { plaintext } = await compactDecrypt(jwe, await importJWK(keys.privateJwk, 'ECDH-ES+A256KW'));
  return JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, unknown>;
}

const tick = () => new Promise((r) => setImmediate(r));

function pad(tty: ReturnType<typeof fakeTty>, timer = manualTimer()) {
  return new TtyPinPad({
    input: tty.input as unknown as NodeJS.ReadStream,
    output: tty.output as unknown as NodeJS.WriteStream,
    clock: manualClock(1_700_000_000_000),
    timer,
  });
}

describe('TtyPinPad (fake TTY)', () => {
  it('reads digits with Backspace, echoes only stars, seals, restores the mode', async () => {
    const tty = fakeTty();
    const exitHooks = process.listenerCount('exit');
    const pending = pad(tty).requestPin(req({ attempt: 2, triesLeft: 1 }));
    await tick();
    expect(tty.input.isRaw).toBe(true);
    expect(process.listenerCount('exit')).toBe(exitHooks + 1);
    const typed = Buffer.from('9184\x7f2');
    tty.input.write(typed);
    tty.input.write('\r'); // 4 digits: Enter refused
    tty.input.write('73\r');
    const jwe = await pending;
    expect(await payload(jwe)).toEqual({ pin: '918273', jti: 'J1', msgid: 'M1', amt: 2680, iat: 1_700_000_000 });
    expect(tty.input.modes).toEqual([true, false]);
    expect(process.listenerCount('exit')).toBe(exitHooks);
    const screen = tty.screen();
    expect(screen).toContain('¥26.80');
    expect(screen).toContain('张*三');
    expect(screen).toContain('tries left: 1');
    expect(screen).toContain('******');
    expect(screen).toContain('\x07');
    // Enter at four digits says how many are missing (a count, never a digit typed).
    expect(screen).toContain('还差 2 位 / 2 more digit(s)');
    expect(screen.replace(/¥26\.80|attempt 2|第 2 次|tries left: 1|还差 2 位 \/ 2 more digit\(s\)|剩余 1 次|6[- ]digit|6 位|\x1b\[K/g, '')).not.toMatch(/[0-9]/);
    // The bytes we were handed were wiped after reading.
    expect(typed.every((b) => b === 0)).toBe(true);
  });

  it("keeps the app's other readers of the terminal away from the digits, and gives them back", async () => {
    const tty = fakeTty();
    const seen: string[] = [];
    const reader = (d: Buffer) => seen.push(d.toString('latin1'));
    tty.input.on('data', reader);
    const pending = pad(tty).requestPin(req());
    await tick();
    tty.input.write('918273\r');
    await pending;
    expect(seen).toEqual([]);
    expect(tty.input.listeners('data')).toEqual([reader]);
    tty.input.write('after');
    await tick();
    expect(seen).toEqual(['after']);
  });

  it("restores the mode from its process 'exit' hook if the caller dies mid-prompt", async () => {
    const tty = fakeTty();
    const before = process.listeners('exit');
    const pending = pad(tty).requestPin(req());
    await tick();
    const hook = process.listeners('exit').find((l) => !before.includes(l));
    expect(hook).toBeTypeOf('function');
    (hook as (code: number) => void)(1);
    expect(tty.input.modes).toEqual([true, false]);
    tty.input.write('\x1b');
    await expect(pending).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    // Restored once only.
    expect(tty.input.modes).toEqual([true, false]);
    expect(process.listeners('exit')).toEqual(before);
  });

  it('cancels on Esc and on Ctrl+C, restoring the mode', async () => {
    for (const key of ['\x1b', '\x03']) {
      const tty = fakeTty();
      const pending = pad(tty).requestPin(req());
      await tick();
      tty.input.write('12');
      tty.input.write(key);
      await expect(pending).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
      expect(tty.input.modes).toEqual([true, false]);
    }
  });

  it('times out with PIN_TIMEOUT through the injected timer, which restarts per key', async () => {
    const tty = fakeTty();
    const timer = manualTimer();
    const pending = pad(tty, timer).requestPin(req());
    await tick();
    expect(timer.count()).toBe(1);
    tty.input.write('1');
    await tick();
    expect(timer.count()).toBe(1);
    timer.fire();
    await expect(pending).rejects.toMatchObject({ code: 'PIN_TIMEOUT' });
    expect(tty.input.isRaw).toBe(false);
    expect(timer.count()).toBe(0);
  });

  it('cancels when the checkout aborts', async () => {
    const tty = fakeTty();
    const ac = new AbortController();
    const pending = pad(tty).requestPin(req({ signal: ac.signal }));
    await tick();
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    expect(tty.input.modes).toEqual([true, false]);
  });

  it('keeps a terminal that was already raw in raw mode afterwards', async () => {
    const tty = fakeTty();
    tty.input.isRaw = true;
    const pending = pad(tty).requestPin(req());
    await tick();
    tty.input.write('123456\r');
    await pending;
    expect(tty.input.modes).toEqual([true, true]);
  });

  it('refuses a non-TTY input with PIN_NO_TTY without touching it', async () => {
    const tty = fakeTty(false);
    await expect(pad(tty).requestPin(req())).rejects.toMatchObject({ code: 'PIN_NO_TTY', messages: { en: expect.stringContaining('--pin-stdin') } });
    expect(tty.input.modes).toEqual([]);
    expect(tty.screen()).toBe('');
  });

  it('fails with PIN_DEVICE when the input ends mid-prompt', async () => {
    const tty = fakeTty();
    const pending = pad(tty).requestPin(req());
    await tick();
    tty.input.write('12');
    tty.input.end();
    await expect(pending).rejects.toMatchObject({ code: 'PIN_DEVICE' });
    expect(tty.input.isRaw).toBe(false);
  });
});
