/**
 * Device errors carry the path, the cause and the fix. Real paths for what
 * root can still hit (a missing path, a regular file, a folder); the errno
 * of a permission problem is injected (tests run as root, which opens a
 * chmod 000 file anyway) through a stand-in SerialPort class and through
 * the path probe.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SerialBinding, type SerialPortClass, type SerialPortLike } from '../../src/scanner/bindings/serial.js';
import { HidBinding } from '../../src/scanner/bindings/hid.js';
import { classifyOpenFailure, deviceOpenError, probeDevicePath } from '../../src/scanner/device-errors.js';
import { Scanner } from '../../src/scanner/scanner.js';
import { SerialScanner } from '../../src/scanner/serial-scanner.js';
import type { ScannerError } from '../../src/scanner/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'yibao-deverr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openError = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as ScannerError);

/** A SerialPort stand-in whose open fails with `err` (what serialport's binding reports). */
function failingPort(err: Error): SerialPortClass {
  return class {
    readonly isOpen = false;
    open(cb: (e: Error | null) => void) {
      setImmediate(() => cb(err));
    }
    close(cb?: (e: Error | null) => void) {
      cb?.(null);
    }
    on(): SerialPortLike {
      return this as unknown as SerialPortLike;
    }
  };
}

describe('serial open failures, real paths', () => {
  it('missing path → SCAN_PATH_MISSING with the path and where to find ports', async () => {
    const path = join(dir, 'ttyACM9');
    const err = await openError(new SerialScanner({ path }).open());
    expect(err).toMatchObject({ code: 'SCAN_PATH_MISSING', details: { path, source: `serial:${path}` } });
    expect(err!.details.fix).toContain('yibao-pos devices');
  });

  it('a regular file → SCAN_NOT_A_TTY (serialport opens it, then the tty ioctl fails)', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'hello');
    const err = await openError(new SerialScanner({ path }).open());
    expect(err).toMatchObject({ code: 'SCAN_NOT_A_TTY', details: { path } });
    expect(String(err!.details.reason)).toMatch(/Inappropriate ioctl/);
  });

  it('a folder → SCAN_NOT_A_TTY', async () => {
    expect(await openError(new SerialScanner({ path: dir }).open())).toMatchObject({ code: 'SCAN_NOT_A_TTY', details: { path: dir } });
  });

  it('a chmod 000 file probes as not a tty (root passes the permission check, the kind check still holds)', async () => {
    const path = join(dir, 'locked');
    writeFileSync(path, '');
    chmodSync(path, 0o000);
    expect(await probeDevicePath(path)).toBe('ENOTTY');
    expect(await probeDevicePath(join(dir, 'absent'))).toBe('ENOENT');
    expect(await probeDevicePath('/dev/null')).toBeUndefined();
  });
});

describe('serial open failures, injected errno', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['Error: Permission denied, cannot open /dev/ttyACM0', 'SCAN_PERMISSION_DENIED', 'EACCES', /dialout/],
    ['Error Resource temporarily unavailable Cannot lock port', 'SCAN_PORT_BUSY', 'EAGAIN', /fuser \/dev\/ttyACM0/],
    ['Error: No such device or address, cannot open /dev/ttyACM0', 'SCAN_UNPLUGGED', 'ENXIO', /plug the scanner in/],
    ['Opening COM3: Access denied', 'SCAN_PERMISSION_DENIED', '', /dialout/],
    ['Opening COM3: File not found', 'SCAN_PATH_MISSING', '', /COM3/],
  ];
  it.each(cases)('%s → %s', async (message, code, errno, fix) => {
    const path = message.includes('COM3') ? 'COM3' : '/dev/ttyACM0';
    const cause = Object.assign(new Error(message), errno ? { code: errno } : {});
    const scanner = new Scanner({ binding: new SerialBinding({ path, portClass: failingPort(cause) }) });
    const err = await openError(scanner.open());
    expect(err).toMatchObject({ code, details: { path, reason: message } });
    expect(String(err!.details.fix)).toMatch(fix);
    expect(err!.cause).toBe(cause);
  });

  it('an errno alone is enough; with neither errno nor a known message the path is probed', async () => {
    expect(classifyOpenFailure(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('SCAN_PERMISSION_DENIED');
    const probed = await deviceOpenError('hid:0c2e:0b61', '/dev/hidraw3', new Error('cannot open device with path /dev/hidraw3'), async () => 'EACCES');
    expect(probed).toMatchObject({ code: 'SCAN_PERMISSION_DENIED', details: { path: '/dev/hidraw3', errno: 'EACCES' } });
    const unknown = await deviceOpenError('serial:/dev/ttyS0', '/dev/ttyS0', new Error('something odd'), async () => undefined);
    expect(unknown).toMatchObject({ code: 'SCAN_OPEN_FAILED', details: { path: '/dev/ttyS0', reason: 'something odd' } });
  });

  it('HID: node-hid says only "cannot open"; the probe of a missing hidraw path makes it SCAN_PATH_MISSING', async () => {
    const path = join(dir, 'hidraw7');
    const binding = new HidBinding({
      vendorId: 0x0c2e,
      productId: 0x0b61,
      backend: {
        devices: async () => [{ vendorId: 0x0c2e, productId: 0x0b61, path, interface: 0, usagePage: 0x8c, usage: 2 }],
        open: async () => {
          throw new Error(`cannot open device with path ${path}`);
        },
      },
    });
    expect(await openError(new Scanner({ binding }).open())).toMatchObject({ code: 'SCAN_PATH_MISSING', details: { path } });
  });
});
