/**
 * The scanner CLI contract: `listen --hid-capture FILE [--layout us|de|fr|uk] --json`,
 * `--layout` on `--hid … --keyboard` and on `checkout`, unknown layouts and
 * device errors (exit 2, with the path and the fix), on the built CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const fixture = (name: string) => resolve('fixtures/scanner', name);
const jsonLines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const dir = mkdtempSync(join(tmpdir(), 'yibao-listen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listen --hid-capture with --layout', () => {
  it('a French AZERTY capture of 9-byte reports: the voucher and a whole ISO/IEC 15434 envelope', async () => {
    const r = await runCli(['listen', '--hid-capture', fixture('wedge-fr-9byte.hex'), '--layout', 'fr', '--json']);
    expect(r.stderr).toBe('yibao-pos: attached hid-capture\n');
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).map((l) => [l.text, l.kind])).toEqual([
      ['YBV1:eyJ0ZXN0IjoxfQ.e30.c2ln-_', 'voucher'],
      ['[)>\x1e06\x1d0106901234567892\x1d10LOT\x1e\x04', 'item'],
    ]);
  });

  it('the same capture read as US is refused scan by scan (SCAN_LAYOUT_MISMATCH naming the layouts), never a wrong voucher', async () => {
    const r = await runCli(['listen', '--hid-capture', fixture('wedge-fr-9byte.hex'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('"voucher"');
    // Not even the first scan passes as a wrong item code: every key of it exists on US, but it reads plainly only as fr.
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('try --layout fr');
    expect(r.stderr).toContain('SCAN_LAYOUT_MISMATCH');
    expect(r.stderr).toContain('layouts: us, uk, de, fr');
  });

  it('a German capture named by its `# format: keyboard` header, AltGr characters included', async () => {
    const r = await runCli(['listen', '--hid-capture', fixture('wedge-de.hex'), '--layout', 'de', '--json']);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).map((l) => l.text)).toEqual(['@[]{}|~\\', 'YBV1:abc.def']);
  });

  it('an unknown layout is exit 2 naming the layouts there are', async () => {
    const r = await runCli(['listen', '--hid-capture', fixture('wedge-de.hex'), '--layout', 'es', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--layout es: .*us\|uk\|de\|fr/);
    expect(r.stderr).toContain('US keyboard');
  });

  it('--hid --keyboard --layout: an unknown layout is refused before the device is looked for', async () => {
    const r = await runCli(['listen', '--hid', '0c2e:0b61', '--keyboard', '--layout', 'jp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--layout jp: .*us\|uk\|de\|fr/);
  });

  it('--layout where nothing is typed (serial, HID POS) is a usage error', async () => {
    expect((await runCli(['listen', '--serial', '/dev/ttyACM0', '--layout', 'de'])).code).toBe(2);
    const hidPos = await runCli(['listen', '--hid', '0c2e:0b61', '--layout', 'de']);
    expect(hidPos.code).toBe(2);
    expect(hidPos.stderr).toContain('--keyboard');
  });
});

describe('device errors on the CLI', () => {
  it('a missing serial path: exit 2, SCAN_PATH_MISSING, the path and where to look', async () => {
    const path = join(dir, 'ttyACM7');
    const r = await runCli(['listen', '--serial', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SCAN_PATH_MISSING');
    expect(r.stderr).toContain(`${path}: Error: No such file or directory`);
    expect(r.stderr).toContain('yibao-pos devices');
  });

  it('a regular file as the port: exit 2, SCAN_NOT_A_TTY', async () => {
    const path = join(dir, 'capture.txt');
    writeFileSync(path, 'not a tty');
    const r = await runCli(['listen', '--serial', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SCAN_NOT_A_TTY');
    expect(r.stderr).toContain(`${path} is not a serial port`);
  });
});

describe('checkout --layout', () => {
  it('an unknown layout or --layout without keyboard mode is refused before anything is read', async () => {
    const base = ['checkout', '--dir', join(dir, 'no-env'), '--pin-stdin', '--amount', '1'];
    const unknown = await runCli([...base, '--hid', '0c2e:0b61', '--keyboard', '--layout', 'es']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/us\|uk\|de\|fr/);
    const notKeyboard = await runCli([...base, '--stdin', '--layout', 'de']);
    expect(notKeyboard.code).toBe(2);
    expect(notKeyboard.stderr).toContain('--keyboard');
  });
});
