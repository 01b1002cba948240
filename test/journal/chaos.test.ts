/**
 * The crash and fault harness, small: two tills of one pharmacy selling at
 * once, cashiers redoing sales reported not paid and retrying cancels, tills
 * SIGKILLed at points drawn from the seed, gateway faults injected; then
 * every customer basket is counted against the simulator's ledger. Runs the
 * BUILT package ($YIBAO_DIST or dist/). The full run is `npm run chaos`.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { runChaos } from '../../scripts/chaos.mjs';

interface ChaosResult {
  baskets: number;
  tills: number;
  kills: number;
  faults: number;
  retries: number;
  booked: number;
  reversed: number;
  recovered: number;
  lost: number;
  doubled: number;
  balanceDiffs: number;
  pending: number;
  problems: string[];
}

describe('chaos: every basket charged once when told paid, never when told not paid', () => {
  it('kills tills and injects faults while cashiers retry, then counts every basket', async () => {
    const lines: string[] = [];
    const r = (await runChaos({ baskets: 36, tills: 2, seed: 11, dist: process.env.YIBAO_DIST ?? 'dist', log: (s: string) => lines.push(s) })) as ChaosResult;
    console.log(lines.join('\n'));
    expect(r.problems, lines.join('\n')).toEqual([]);
    expect(r.lost).toBe(0);
    expect(r.doubled).toBe(0);
    expect(r.balanceDiffs).toBe(0);
    expect(r.pending).toBe(0);
    expect(r.tills).toBe(2);
    expect(r.kills + r.faults).toBeGreaterThanOrEqual(8);
    // The run must have exercised both ends: sales booked, and sales reversed and redone.
    expect(r.booked).toBeGreaterThan(0);
    expect(r.reversed).toBeGreaterThan(0);
    expect(r.retries).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^baskets 36, tills 2, kills \d+, faults \d+, retries \d+ .*lost 0, doubled 0/);
  }, 240_000);
});
