/** `yibao-pos devices` on the built CLI: works on a machine without scanners (CI), JSON shape. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('yibao-pos devices', () => {
  it('--json prints {scanners, problems} and exits 0', async () => {
    const r = await runCli(['devices', '--json']);
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout) as { scanners: unknown[]; problems: { transport: string; reason: string; install?: string }[] };
    expect(Array.isArray(listing.scanners)).toBe(true);
    for (const p of listing.problems) {
      expect(['hid', 'serial']).toContain(p.transport);
      expect(p.reason.length).toBeGreaterThan(0);
    }
  });

  it('plain output lists scanners or says none; problems go to stderr with an install hint', async () => {
    const r = await runCli(['devices']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    for (const line of r.stderr.trim().split('\n').filter(Boolean)) expect(line).toMatch(/listing unavailable: .+/);
  });
});
