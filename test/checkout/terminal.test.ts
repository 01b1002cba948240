/**
 * createTerminal against the simulator in-process: scans from a byte
 * stream, the PIN scripted, and every place the PIN could leak searched;
 * once per simulator answer profile (extended, national).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../src/checkout/terminal.js';
import { jsonLineLogger } from '../../src/lib/log.js';
import { ScriptedPinPad } from '../../src/pin/scripted-pin-pad.js';
import { StreamBinding } from '../../src/scanner/bindings/stream.js';
import { Scanner } from '../../src/scanner/scanner.js';
import { readEnvKey, readEnvSettings } from '../../src/sim/env.js';
import { terminalConfigFromEnv } from '../../src/sim/terminal-config.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { issueVoucher } from '../../src/sim/issuer/voucher.js';
import { drawNationalCode } from '../../src/sim/issuer/national-code.js';
import type { VoucherShown } from '../../src/checkout/events.js';
import { hashPin } from '../../src/sim/pin-hash.js';
import { PROFILES } from '../../src/sim/profile/index.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { findSecret } from '../helpers/find-secret.js';

/** A PIN no timestamp, id or amount of the test could contain by chance. */
const SECRET_PIN = '918273';

describe.each(PROFILES)('answer profile %s', (profile) => {
  let dir: string;
  let sim: Simulator;
  let persons: PersonCase[];
  let stateDir: string;
  const open: Terminal[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yibao-terminal-'));
    // Under `national` the whole wire is the platform's (gateway init --profile national), not only the answers.
    ({ persons } = await initEnvironment({ dir, ...(profile === 'national' ? { profile: 'national' as const } : {}) }));
    const employee = persons.find((p) => p.case === 'employee')!;
    const db = new Database(join(dir, 'ledger.db'));
    const { salt, hash } = await hashPin(SECRET_PIN);
    db.prepare('UPDATE credentials SET pin_salt = ?, pin_hash = ? WHERE sub = ?').run(salt, hash, employee.sub);
    db.close();
    sim = await startSimulator({ dir, port: 0, profile });
  });
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function terminal(pins: string[], logs: string[] = []) {
    // One terminal, restarted per test: its journal's durable msgid sequence
    // must carry on, or the gateway refuses the reused msgids (DUPLICATE_MSGID).
    stateDir = join(dir, 'terminal');
    const stream = new PassThrough();
    const scanner = new Scanner({ binding: new StreamBinding(stream, 'test:stream'), framing: { suffix: 'cr' } });
    const pinPad = new ScriptedPinPad(pins);
    const t = await createTerminal({
      scanners: [scanner],
      ...(await terminalConfigFromEnv(dir, { url: sim.url, stateDir })),
      pinPad,
      catalog: (code) => (code === '6901234567892' ? { code: 'XJ01CRA045A001010100001', localCode: code, name: '阿莫西林胶囊', qty: 1, priceFen: 1340, lot: 'L2301', madeOn: '2025-01-15', expiresOn: '2027-01-14' } : undefined),
      logger: jsonLineLogger((line) => logs.push(line), 'debug'),
    });
    open.push(t);
    return { t, scan: (text: string) => stream.write(`${text}\r`) };
  }

  async function draw(c: string): Promise<string> {
    const p = persons.find((x) => x.case === c)!;
    const settings = await readEnvSettings(dir);
    return issueVoucher({ key: await readEnvKey(dir, 'issuer', 'private'), iss: settings.issuerId, sub: p.sub, reg: p.reg, nm: '张*三', chn: 'alipay' });
  }

  /** Resolves with the first `event` payload that `pred` accepts. */
  function waitFor<T>(t: Terminal, event: 'state' | 'voucher' | 'item', pred: (e: never) => boolean): Promise<T> {
    const emitter = t as unknown as { on(e: string, f: (p: never) => void): void; off(e: string, f: (p: never) => void): void };
    return new Promise<T>((resolve) => {
      const on = (e: never) => {
        if (pred(e)) {
          emitter.off(event, on);
          resolve(e as T);
        }
      };
      emitter.on(event, on);
    });
  }

  /** Opens a sale and scans one priced item and its trace code; resolves with the running sale. */
  async function saleWithItem(t: Terminal, scan: (text: string) => void, traceCode: string) {
    const waiting = waitFor(t, 'state', (e: { state: string }) => e.state === 'waiting_voucher');
    const sale = t.checkout({});
    await waiting;
    // A PassThrough may deliver synchronously: listen before scanning.
    const priced = waitFor(t, 'item', () => true);
    scan('6901234567892');
    await priced;
    const traced = waitFor(t, 'item', () => true);
    scan(traceCode);
    await traced;
    // Wrapped: an async function returning the promise itself would wait for the whole sale.
    return { sale };
  }

  describe('Terminal', () => {
    it('runs a sale from scanned item codes and a scanned voucher', async () => {
      const { t, scan } = await terminal([SECRET_PIN]);
      const states: string[] = [];
      t.on('state', (e) => states.push(e.state));
      const { sale } = await saleWithItem(t, scan, '81234567890123456789');
      scan(await draw('employee'));
      const receipt = await sale;
      expect(receipt.totalFen).toBe(1340);
      expect(receipt.items[0]).toMatchObject({ localCode: '6901234567892', traceCode: '81234567890123456789' });
      expect(receipt.channel).toBe('alipay');
      expect(states).toEqual(['waiting_voucher', 'verified', 'pre_settling', 'pin', 'settling', 'paid']);
    });

    it('shows a voucher scanned with no sale open without using it up', async () => {
      const { t, scan } = await terminal([SECRET_PIN]);
      const code = await draw('employee');
      const shown = waitFor<{ consumed: boolean; channel: string }>(t, 'voucher', () => true);
      scan(code);
      expect(await shown).toMatchObject({ consumed: false, channel: 'alipay' });
      const receipt = await t.checkout({ voucher: code, amountFen: 100 });
      expect(receipt.totalFen).toBe(100);
    });

    it('refuses a second sale while one is open, and a cancel before the voucher books nothing', async () => {
      const { t } = await terminal([]);
      const cancel = new AbortController();
      const waiting = waitFor(t, 'state', (e: { state: string }) => e.state === 'waiting_voucher');
      const first = t.checkout({ amountFen: 100, signal: cancel.signal });
      await waiting;
      await expect(t.checkout({ amountFen: 100 })).rejects.toMatchObject({ code: 'CHECKOUT_BUSY' });
      const final = waitFor<{ state: string }>(t, 'state', (e: { state: string }) => e.state === 'cancelled');
      cancel.abort();
      await expect(first).rejects.toMatchObject({ code: 'CHECKOUT_CANCELLED' });
      expect((await final).state).toBe('cancelled');
    });

    it('leaves the PIN in no journal, log line, event payload or error', async () => {
      const logs: string[] = [];
      // A wrong PIN first, so refusals and retries are searched too.
      const { t } = await terminal(['000000', SECRET_PIN], logs);
      const events: unknown[] = [];
      for (const e of ['state', 'scan', 'voucher', 'presettle', 'prompt', 'receipt', 'error', 'item'] as const) t.on(e, (payload: unknown) => events.push({ e, payload }));
      const receipt = await t.checkout({ voucher: await draw('employee'), amountFen: 918 });
      const refused = await t.checkout({ voucher: await draw('frozen-online'), amountFen: 273 }).catch((err: unknown) => err);
      await t.close();
      open.splice(open.indexOf(t), 1);
      const files = (await readdir(stateDir)).map((f) => join(stateDir, f));
      expect(files.some((f) => f.endsWith('journal.db'))).toBe(true);
      const hits = findSecret(SECRET_PIN, { files, strings: logs, values: { events, receipt, refused } });
      expect(hits).toEqual([]);
      // The search itself works: the PIN is found where it is planted.
      expect(findSecret(SECRET_PIN, { strings: [`pin=${SECRET_PIN}`] })).not.toEqual([]);
      expect(logs.length).toBeGreaterThan(0);
      expect(events.length).toBeGreaterThan(5);
      expect(await readFile(files.find((f) => f.endsWith('journal.db'))!)).toBeTruthy();
    });
  });
  describe('Terminal with national codes', () => {
    const employee = () => persons.find((p) => p.case === 'employee')!;

    it('takes a scanned national code as the voucher, decoded online, and uploads the trace code after the sale', async () => {
      const { t, scan } = await terminal([SECRET_PIN]);
      const items: string[] = [];
      t.on('item', (e) => items.push(`${e.code}:${e.attached}`));
      const { sale } = await saleWithItem(t, scan, '81999999999999999991');
      const { code } = await drawNationalCode({ url: sim.url, sub: employee().sub });
      const shown = waitFor<VoucherShown>(t, 'voucher', () => true);
      scan(code);
      expect(await shown).toMatchObject({ verifiedBy: 'online', consumed: true, region: employee().reg });
      const receipt = await sale;
      expect(receipt.verifiedBy).toBe('online');
      expect(receipt.items.map((i) => i.localCode)).toEqual(['6901234567892']);
      expect(items).toEqual(['6901234567892:item', '81999999999999999991:trace']);
      await t.flushTraceUploads();
      expect(t.traceUploads(receipt.msgid).map((u) => [u.state, u.upload.traceCodes])).toEqual([['acknowledged', ['81999999999999999991']]]);
    });

    it('shows a national code scanned with no sale open, without using it up', async () => {
      const { t, scan } = await terminal([SECRET_PIN]);
      const { code } = await drawNationalCode({ url: sim.url, sub: employee().sub });
      const shown = waitFor<VoucherShown>(t, 'voucher', () => true);
      scan(code);
      expect(await shown).toMatchObject({ verifiedBy: 'online', consumed: false, sub: employee().sub });
      // Still good for a sale.
      expect((await t.checkout({ voucher: code, amountFen: 100 })).verifiedBy).toBe('online');
    });
  });
});
