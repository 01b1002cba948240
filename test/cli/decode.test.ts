/** `yibao-pos decode FILE... [--json]` on the built CLI. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawCodes, jpegOf, pngOf, VOUCHER } from '../camera/helpers.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'yibao-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const voucherJpg = file('voucher.jpg', jpegOf(drawCodes(320, 240, [{ text: VOUCHER, x: 40, y: 20, scale: 3 }]), 320, 240, 60));
const twoPng = file('two.png', pngOf(drawCodes(480, 240, [{ text: '6901234567892', x: 260, y: 40, scale: 5 }, { text: 'LEFT-ITEM', x: 30, y: 40, scale: 5 }]), 480, 240));
const blankPng = file('blank.png', pngOf(new Uint8Array(64 * 64).fill(255), 64, 64));
const notImage = file('notes.txt', 'hello');

describe('yibao-pos decode', () => {
  it('--json: one object per code {text, kind, symbology, file}, codes in reading order; exit 0 when every file held a code', async () => {
    const r = await runCli(['decode', voucherJpg, twoPng, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { text: VOUCHER, kind: 'voucher', symbology: 'qr', file: voucherJpg },
      { text: 'LEFT-ITEM', kind: 'item', symbology: 'qr', file: twoPng },
      { text: '6901234567892', kind: 'item', symbology: 'qr', file: twoPng },
    ]);
  });

  it('plain lines; exit 1 when a file held no code (said on stderr)', async () => {
    const r = await runCli(['decode', twoPng, blankPng]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${twoPng}\titem\tqr\tLEFT-ITEM\n${twoPng}\titem\tqr\t6901234567892\n`);
    expect(r.stderr).toContain(`${blankPng}: SCAN_IMAGE_NO_CODE`);
  });

  it('exit 2 with a clear message for a missing file or one that is not PNG/JPEG; no stack trace', async () => {
    const missing = join(dir, 'nope.png');
    const r = await runCli(['decode', missing, notImage, voucherJpg, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${missing}: cannot read: ENOENT`);
    expect(r.stderr).toContain(`${notImage}: SCAN_IMAGE_FORMAT`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ text: VOUCHER, file: voucherJpg });
    const none = await runCli(['decode']);
    expect(none.code).toBe(2);
  });
});
