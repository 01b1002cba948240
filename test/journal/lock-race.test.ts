/**
 * The journal lock across processes (built package): several terminal
 * processes racing for one journal, with a stale lock file left by a killed
 * one, take it exactly once; a holder killed by SIGKILL frees it at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { SettlementJournal } from '../../src/journal/journal.js';
import { DIST } from '../helpers/cli.js';

/** A process that opens the journal, says `held` or the refusal code, and holds until killed. */
function contender(file: string): { child: ChildProcess; said: Promise<string> } {
  const script = `
    const { SettlementJournal } = await import(${JSON.stringify(`file://${join(DIST, 'index.js')}`)});
    try { await SettlementJournal.open(${JSON.stringify(file)}); console.log('held'); setInterval(() => {}, 1000); }
    catch (e) { console.log(e.code ?? String(e)); process.exit(0); }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const said = new Promise<string>((res) => createInterface({ input: child.stdout! }).once('line', res));
  return { child, said };
}

describe('journal lock across processes', () => {
  it('is taken by exactly one of several racing processes, over a stale lock file, and freed when its holder is killed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lock-race-')), 'j.db');
    writeFileSync(`${file}.lock`, '2147483646\n');
    writeFileSync(`${file}.lck-owner`, '2147483646\n');
    for (let round = 0; round < 2; round++) {
      const racers = Array.from({ length: 5 }, () => contender(file));
      const said = await Promise.all(racers.map((r) => r.said));
      expect(said.filter((s) => s === 'held')).toHaveLength(1);
      expect(said.filter((s) => s !== 'held')).toEqual(Array(4).fill('JOURNAL_LOCKED'));
      const holder = racers[said.indexOf('held')]!.child;
      const gone = new Promise((r) => holder.once('exit', r));
      holder.kill('SIGKILL');
      await gone;
    }
    // The last holder died by SIGKILL: the journal opens at once.
    const j = await SettlementJournal.open(file);
    await j.close();
  }, 120_000);
});
