/**
 * The crash and fault harness, small: terminal processes SIGKILLed at every
 * named point and at random moments, gateway faults injected, and the
 * simulator's ledger compared with the journals. Runs the BUILT package
 * ($YIBAO_DIST or dist/). The full run is `npm run chaos`.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { runChaos } from '../../../scripts/chaos.mjs';

interface ChaosResult {
  tried: number;
  crashes: number;
  faults: number;
  booked: number;
  reversed: number;
  lost: number;
  doubled: number;
  balanceDiffs: number;
  pending: number;
  problems: string[];
}

describe('chaos: no sale lost, none charged twice', () => {
  it('kills terminals and injects faults, then every sale is booked once and known, or not booked', async () => {
    const lines: string[] = [];
    const r = (await runChaos({ sales: 80, terminals: 2, seed: 11, dist: process.env.YIBAO_DIST ?? 'dist', log: (s: string) => lines.push(s) })) as ChaosResult;
    console.log(lines.join('\n'));
    expect(r.problems, lines.join('\n')).toEqual([]);
    expect(r.lost).toBe(0);
    expect(r.doubled).toBe(0);
    expect(r.balanceDiffs).toBe(0);
    expect(r.pending).toBe(0);
    expect(r.tried).toBeGreaterThanOrEqual(80);
    expect(r.crashes + r.faults).toBeGreaterThanOrEqual(20);
    // The run must have exercised both ends: sales booked and sales reversed.
    expect(r.booked).toBeGreaterThan(0);
    expect(r.reversed).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^sales tried \d+, crashes \d+, faults \d+, booked \d+, reversed \d+, .*lost 0, doubled 0/);
  }, 90_000);
});
