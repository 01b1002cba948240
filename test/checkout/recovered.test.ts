/**
 * createTerminal reports what recovery settled: a `recovered` event (and
 * `terminal.recovered`) for a sale the gateway booked whose receipt never
 * reached the cashier, with the receipt; a journal handed in stays open.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal } from '../../src/checkout/terminal.js';
import type { RecoveredSale } from '../../src/checkout/recovered.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import { ScriptedPinPad } from '../../src/pin/scripted-pin-pad.js';
import { readEnvKey, readEnvSettings } from '../../src/sim/env.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { issueVoucher } from '../../src/sim/issuer/voucher.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { terminalConfigFromEnv } from '../../src/sim/terminal-config.js';

// Under both wires: ours, and the platform's (gateway init --profile national).
describe.each(['ours', 'national'] as const)('recovery is never silent (%s wire)', (wire) => {
let dir: string;
let sim: Simulator;
let persons: PersonCase[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yibao-recovered-'));
  ({ persons } = await initEnvironment({ dir, profile: wire }));
  sim = await startSimulator({ dir, port: 0 });
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

  it('emits `recovered` with the receipt of a booked sale the cashier never saw, before the next sale', async () => {
    const p = persons.find((x) => x.case === 'employee')!;
    const settings = await readEnvSettings(dir);
    const key = await readEnvKey(dir, 'issuer', 'private');
    const stateDir = join(dir, 'terminal');
    const config = await terminalConfigFromEnv(dir, { url: sim.url, stateDir });
    const journalFile = join(stateDir, 'journal.db');
    await mkdir(stateDir, { recursive: true });
    // First life: the sale is booked, then the till dies before the receipt is handed over.
    const crash = new Error('killed');
    const j1 = await SettlementJournal.open(journalFile, { till: 1, hooks: { at: (point) => { if (point === 'after-booked') throw crash; } } });
    const t1 = await createTerminal({ ...config, journal: j1, pinPad: new ScriptedPinPad([p.pin]) });
    await expect(t1.checkout({ voucher: await issueVoucher({ key, iss: settings.issuerId, sub: p.sub, reg: p.reg, nm: '李*四' }), amountFen: 321 })).rejects.toBe(crash);
    await t1.close();
    // A journal handed in is not closed by the terminal.
    expect(j1.list()).toHaveLength(1);
    await j1.close();

    const t2 = await createTerminal({ ...config, pinPad: new ScriptedPinPad([p.pin]) });
    try {
      const events: RecoveredSale[] = [];
      t2.on('recovered', (s) => events.push(s));
      await new Promise((r) => setImmediate(r));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ outcome: 'paid', infno: '2102', amountFen: 321, receipt: { totalFen: 321, patient: { sub: p.sub, name: '李*四' } } });
      expect(t2.recovered).toEqual(events);
    } finally {
      await t2.close();
    }
    // Shown once: the next start has nothing to report.
    const t3 = await createTerminal({ ...config, pinPad: new ScriptedPinPad([]) });
    expect(t3.recovered).toEqual([]);
    await t3.close();
  });
});
