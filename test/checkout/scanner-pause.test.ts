/**
 * Unplugging the scanner mid-sale pauses the terminal with the cashier
 * message and keeps the sale; plugged back, the same sale takes the voucher
 * and is paid. Against the simulator in-process; the scanner is a binding
 * the test unplugs and replugs, with a manual reopen timer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../src/checkout/terminal.js';
import type { PausedEvent, ResumedEvent } from '../../src/checkout/scanner-pause.js';
import { ScriptedPinPad } from '../../src/pin/scripted-pin-pad.js';
import { Scanner } from '../../src/scanner/scanner.js';
import { readEnvKey, readEnvSettings } from '../../src/sim/env.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { issueVoucher } from '../../src/sim/issuer/voucher.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { terminalConfigFromEnv } from '../../src/sim/terminal-config.js';
import { manualTimer, once, PushBinding } from '../scanner/helpers.js';

let dir: string;
let sim: Simulator;
let persons: PersonCase[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yibao-pause-'));
  ({ persons } = await initEnvironment({ dir }));
  sim = await startSimulator({ dir, port: 0 });
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function voucher(): Promise<string> {
  const p = persons.find((x) => x.case === 'employee')!;
  const settings = await readEnvSettings(dir);
  return issueVoucher({ key: await readEnvKey(dir, 'issuer', 'private'), iss: settings.issuerId, sub: p.sub, reg: p.reg, nm: '张*三', chn: 'alipay' });
}

describe('checkout while the scanner is unplugged', () => {
  it('pauses with 扫码枪已断开, keeps the open sale, resumes on replug and pays it', async () => {
    const binding = new PushBinding('bytes', 'serial:/dev/ttyACM0');
    const timer = manualTimer();
    const scanner = new Scanner({ binding, reopen: { initialMs: 10, timer } });
    const pin = persons.find((x) => x.case === 'employee')!.pin;
    let t: Terminal | undefined;
    try {
      t = await createTerminal({ scanners: [scanner], ...(await terminalConfigFromEnv(dir, { url: sim.url, stateDir: join(dir, 'terminal') })), pinPad: new ScriptedPinPad([pin]) });
      const terminal = t;
      expect(terminal.paused).toBe(false);
      const waiting = new Promise<void>((r) => terminal.on('state', (e) => e.state === 'waiting_voucher' && r()));
      const sale = terminal.checkout({ amountFen: 1234 });
      await waiting;

      const paused = once(terminal, 'paused') as Promise<PausedEvent>;
      binding.sink!.disconnected(Object.assign(new Error('EIO'), { code: 'EIO' }));
      const p = await paused;
      expect(p).toMatchObject({ source: 'serial:/dev/ttyACM0', reason: 'scanner_disconnected', saleId: expect.stringMatching(/^sale-/) });
      expect(p.messages.zh).toContain('扫码枪已断开');
      expect(p.messages.en).toMatch(/Scanner disconnected/);
      expect(terminal.paused).toBe(true);
      expect(terminal.saleState).toBe('waiting_voucher');
      // While it is gone, another sale cannot start over the kept one.
      await expect(terminal.checkout({ amountFen: 1 })).rejects.toMatchObject({ code: 'CHECKOUT_BUSY' });

      binding.failOpen = 1; // still unplugged at the first retry
      timer.fire();
      await new Promise((r) => setImmediate(r));
      expect(terminal.paused).toBe(true);
      const resumed = once(terminal, 'resumed') as Promise<ResumedEvent>;
      timer.fire();
      const r = await resumed;
      expect(r).toMatchObject({ source: 'serial:/dev/ttyACM0', saleId: p.saleId });
      expect(terminal.paused).toBe(false);
      expect(terminal.saleState).toBe('waiting_voucher');

      binding.push(`${await voucher()}\r`);
      const receipt = await sale;
      expect(receipt.totalFen).toBe(1234);
    } finally {
      await t?.close();
    }
  });

  it('a sale opened while the scanner is gone is told at once', async () => {
    const binding = new PushBinding('bytes', 'serial:/dev/ttyUSB1');
    const scanner = new Scanner({ binding, reopen: { initialMs: 10, timer: manualTimer() } });
    let t: Terminal | undefined;
    try {
      t = await createTerminal({ scanners: [scanner], ...(await terminalConfigFromEnv(dir, { url: sim.url, stateDir: join(dir, 'terminal') })), pinPad: new ScriptedPinPad([]) });
      const terminal = t;
      binding.sink!.disconnected(new Error('gone'));
      const paused = once(terminal, 'paused') as Promise<PausedEvent>;
      const cancel = new AbortController();
      const sale = terminal.checkout({ amountFen: 100, signal: cancel.signal });
      expect(await paused).toMatchObject({ source: 'serial:/dev/ttyUSB1', saleId: expect.stringMatching(/^sale-/) });
      cancel.abort();
      await expect(sale).rejects.toMatchObject({ code: 'CHECKOUT_CANCELLED' });
    } finally {
      await t?.close();
    }
  });
});
