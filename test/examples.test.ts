/**
 * The examples run as a user would run them: `node examples/<file>`, importing
 * the built package by its name (`yibao-pos`, `yibao-pos/sim`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = (file: string) => promisify(execFile)(process.execPath, [file], { timeout: 30_000 });

describe('examples', () => {
  it('sale-on-simulator settles a sale and prints the receipt', async () => {
    const { stdout } = await run('examples/sale-on-simulator.mjs');
    expect(stdout).toContain('state: paid');
    expect(stdout).toMatch(/合计 +26\.80/);
  });

  it('kiosk-camera reads the code from a camera frame and settles', async () => {
    const { stdout } = await run('examples/kiosk-camera.mjs');
    expect(stdout).toMatch(/camera read a voucher \(\d+ characters\)/);
    expect(stdout).toMatch(/现金支付 +15\.80/);
  });
});
