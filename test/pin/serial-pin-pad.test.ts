/**
 * The serial PIN pad through a socat pseudo-terminal pair: the pad under test
 * opens one end, the test plays the external PIN pad on the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactDecrypt, importJWK } from 'jose';
import { SerialPort } from 'serialport';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import type { PinTimer } from '../../src/pin/prompt-text.js';
import { SerialPinPad } from '../../src/pin/serial-pin-pad.js';
import { pinKeyPair } from './keys.js';

let keys: Awaited<ReturnType<typeof pinKeyPair>>;
let dir: string;
let socat: ChildProcess;
let device: SerialPort;
let received = '';
let pad: SerialPinPad;

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (received ${JSON.stringify(received)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const manualTimer = () => {
  const pending = new Map<number, () => void>();
  let id = 0;
  return {
    set: (fn: () => void) => (pending.set(++id, fn), id),
    clear: (h: unknown) => void pending.delete(h as number),
    fire: () => [...pending.values()].forEach((fn) => fn()),
  } satisfies PinTimer & { fire(): void };
};

beforeAll(async () => {
  keys = await pinKeyPair();
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yibao-pinpad-'));
  const a = join(dir, 'terminal');
  const b = join(dir, 'pad');
  socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  await waitFor(() => (existsSync(a) && existsSync(b) ? true : undefined), 'socat ptys');
  device = new SerialPort({ path: b, baudRate: 9600 });
  await new Promise<void>((resolve, reject) => device.once('open', resolve).once('error', reject));
  received = '';
  device.on('data', (d: Buffer) => (received += d.toString('utf8')));
});

afterEach(async () => {
  await pad?.close();
  await new Promise<void>((r) => (device.isOpen ? device.close(() => r()) : r()));
  socat.kill();
  rmSync(dir, { recursive: true, force: true });
});

const req = (over: Record<string, unknown> = {}) => ({ amountFen: 2680, payerName: '张*三', attempt: 1, jti: 'J-serial', msgid: 'M-serial', pinKey: keys.publicJwk, ...over });
const sent = (line: string) => waitFor(() => (received.includes(line) ? true : undefined), JSON.stringify(line));
const reply = (text: string) => device.write(text);

describe('SerialPinPad over a pty pair', () => {
  it('sends the prompt, ignores key echoes, seals the digits the pad returns', async () => {
    pad = new SerialPinPad({ path: join(dir, 'terminal'), clock: manualClock(1_700_000_000_000) });
    const pending = pad.requestPin(req({ attempt: 2, triesLeft: 2 }));
    await sent('PIN 26.80 张*三 2 2\r\n');
    reply('READY\r\n***<****');
    reply('OK 918273\r\n');
    const { plaintext } = await compactDecrypt(await pending, await importJWK(keys.privateJwk, 'ECDH-ES+A256KW'));
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual({ pin: '918273', jti: 'J-serial', msgid: 'M-serial', amt: 2680, iat: 1_700_000_000 });
    expect(received).not.toContain('ABORT');

    // The port stays open for the next prompt.
    received = '';
    const again = pad.requestPin(req());
    await sent('PIN 26.80 张*三 1 -\r\n');
    reply('OK 135790\r\n');
    expect((await again).split('.')).toHaveLength(5);
  });

  it('maps CANCEL, TIMEOUT, ERR and a short PIN from the pad to typed errors', async () => {
    pad = new SerialPinPad({ path: join(dir, 'terminal') });
    for (const [line, code] of [
      ['CANCEL', 'PIN_CANCELLED'],
      ['TIMEOUT', 'PIN_TIMEOUT'],
      ['ERR keypad fault', 'PIN_DEVICE'],
      ['OK 12345', 'PIN_FORMAT'],
    ] as const) {
      received = '';
      const pending = pad.requestPin(req());
      await sent('PIN ');
      reply(`${line}\r\n`);
      const err = (await pending.catch((e: unknown) => e)) as Error & { code: string };
      expect(err.code).toBe(code);
      expect(JSON.stringify(err) + err.message).not.toContain('12345');
    }
  });

  it('gives up with PIN_TIMEOUT on its own timer and tells the pad ABORT', async () => {
    const timer = manualTimer();
    pad = new SerialPinPad({ path: join(dir, 'terminal'), timer });
    const pending = pad.requestPin(req());
    await sent('PIN ');
    timer.fire();
    await expect(pending).rejects.toMatchObject({ code: 'PIN_TIMEOUT' });
    await sent('ABORT\r\n');
  });

  it('cancels when the checkout aborts, telling the pad ABORT', async () => {
    pad = new SerialPinPad({ path: join(dir, 'terminal') });
    const ac = new AbortController();
    const pending = pad.requestPin(req({ signal: ac.signal }));
    await sent('PIN ');
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    await sent('ABORT\r\n');
  });

  it('fails with PIN_DEVICE when the pad goes away mid-prompt', async () => {
    pad = new SerialPinPad({ path: join(dir, 'terminal') });
    const pending = pad.requestPin(req());
    await sent('PIN ');
    socat.kill();
    await expect(pending).rejects.toMatchObject({ code: 'PIN_DEVICE' });
  });

  it('fails with PIN_DEVICE (with cause) when the port cannot be opened', async () => {
    pad = new SerialPinPad({ path: join(dir, 'no-such-port') });
    const err = (await pad.requestPin(req()).catch((e: unknown) => e)) as Error & { code: string; details: Record<string, unknown> };
    expect(err.code).toBe('PIN_DEVICE');
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.details.path).toBe(join(dir, 'no-such-port'));
  });
});
