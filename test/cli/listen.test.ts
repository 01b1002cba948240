/** `yibao-pos listen` on the built CLI: stdin, HID captures, a serial pty, Ctrl+C, usage errors. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { createVirtualSerialScanner } from '../../src/sim/virtual-scanner.js';
import { DIST, runCli } from '../helpers/cli.js';

const fixture = (name: string) => resolve('fixtures/scanner', name);
const jsonLines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('yibao-pos listen', () => {
  it('--stdin --json: one object per line, GS escaped by JSON', async () => {
    const r = await runCli(['listen', '--stdin', '--json'], { input: 'YBV1:abc\n6901234567892\n0106901234567892\x1d10LOT\n' });
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => [l.text, l.kind, l.symbology, l.source])).toEqual([
      ['YBV1:abc', 'voucher', 'qr', 'stdin'],
      ['6901234567892', 'item', 'ean13', 'stdin'],
      ['0106901234567892\x1d10LOT', 'item', 'gs1-datamatrix', 'stdin'],
    ]);
    expect(r.stdout).toContain('\\u001d');
    expect(typeof lines[0]!.at).toBe('number');
  });

  it('--stdin --suffix tab', async () => {
    const r = await runCli(['listen', '--stdin', '--suffix', 'tab'], { input: 'A1\tB2\t' });
    expect(r.stdout).toBe('item\t-\tA1\nitem\t-\tB2\n');
  });

  it('--hid-capture replays HID POS and keyboard-wedge recordings through the drivers', async () => {
    const pos = await runCli(['listen', '--hid-capture', fixture('hid-pos-multi.hex'), '--json']);
    expect(pos.code).toBe(0);
    expect(jsonLines(pos.stdout).map((l) => [l.kind, l.symbology, l.source])).toEqual([
      ['voucher', 'qr', 'hid-capture'],
      ['item', 'gs1-datamatrix', 'hid-capture'],
    ]);
    const wedge = await runCli(['listen', '--hid-capture', fixture('wedge-us.hex')]);
    expect(wedge.stdout).toBe('voucher\tqr\tYBV1:Ab-11\nitem\t-\t2024\nitem\tgs1-datamatrix\t10\\x1d2\n');
  });

  it('a too-long scan is reported on stderr and listening goes on', async () => {
    const r = await runCli(['listen', '--stdin'], { input: `${'9'.repeat(9000)}\nOK\n` });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('SCAN_TOO_LONG');
    expect(r.stdout).toBe('item\t-\tOK\n');
  });

  it('--image decodes a PNG QR once; a PNG without one is SCAN_IMAGE_NO_CODE (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-listen-img-'));
    try {
      const file = join(dir, 'voucher.png');
      writeFileSync(file, await QRCode.toBuffer('YBV1:abc.def.ghi', { type: 'png', scale: 4 }));
      const r = await runCli(['listen', '--image', file, '--json']);
      expect(r.code).toBe(0);
      expect(jsonLines(r.stdout)).toEqual([expect.objectContaining({ text: 'YBV1:abc.def.ghi', kind: 'voucher', symbology: 'qr', source: `image:${file}` })]);
      const blank = new PNG({ width: 40, height: 40 });
      blank.data.fill(255);
      writeFileSync(join(dir, 'blank.png'), PNG.sync.write(blank));
      const none = await runCli(['listen', '--image', join(dir, 'blank.png')]);
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('SCAN_IMAGE_NO_CODE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['listen'])).code).toBe(2);
    expect((await runCli(['listen', '--stdin', '--serial', '/dev/null'])).code).toBe(2);
    expect((await runCli(['listen', '--hid', 'nope'])).code).toBe(2);
    expect((await runCli(['listen', '--stdin', '--suffix', 'semicolon'])).code).toBe(2);
    const bad = await runCli(['listen', '--hid-capture', fixture('../../package.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('SCAN_BAD_REPORT');
  });

  it('--serial on a pty: scans as they are written, Ctrl+C closes cleanly with exit 0', async () => {
    const vs = await createVirtualSerialScanner();
    try {
      const child = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), 'listen', '--serial', vs.scannerPath, '--baud', '115200', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const lines = new Promise<void>((res) =>
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          if (out.includes('YBV1:xyz')) res();
        }),
      );
      // Keep writing until the CLI has opened the port (bytes before its open may not be read).
      const pump = setInterval(() => void vs.write('PING\r'), 50);
      await new Promise<void>((res) => child.stdout.once('data', () => res()));
      clearInterval(pump);
      await vs.write(']Q1YBV1:xyz\r');
      await lines;
      const exited = new Promise<number | null>((res) => child.on('close', res));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      const scans = jsonLines(out);
      expect(scans.at(-1)).toMatchObject({ text: 'YBV1:xyz', kind: 'voucher', symbology: 'qr', source: `serial:${vs.scannerPath}` });
      // The first open is reported, nothing else.
      expect(err).toBe(`yibao-pos: attached serial:${vs.scannerPath}\n`);
    } finally {
      await vs.close();
    }
  });
});
