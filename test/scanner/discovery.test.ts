import { describe, expect, it } from 'vitest';
import type { HidDeviceInfo } from '../../src/scanner/bindings/hid-device.js';
import { listScanners } from '../../src/scanner/discovery.js';
import { NativeError } from '../../src/lib/native.js';
import { ScannerWatcher } from '../../src/scanner/watcher.js';
import { manualTimer, once } from './helpers.js';

const hid: HidDeviceInfo[] = [
  { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw4', interface: 1, usagePage: 0x8c, usage: 0x02, product: 'Xenon 1950g' },
  { vendorId: 0x1eab, productId: 0x1d22, path: '/dev/hidraw6', interface: 0, usagePage: 0x01, usage: 0x06 },
  { vendorId: 0x1eab, productId: 0x1d22, path: '/dev/hidraw7', interface: 1, usagePage: 0xff00, usage: 0x01 },
  { vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0', interface: 0, usagePage: 0x01, usage: 0x06 }, // a Logitech keyboard
];
const serial = [
  { path: '/dev/ttyACM0', vendorId: '05e0', productId: '1701', manufacturer: 'Zebra' },
  { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' },
  { path: '/dev/ttyS0' },
];

describe('listScanners', () => {
  it('lists HID POS interfaces, known-vendor wedges and serial ports; skips other devices', async () => {
    const { scanners, problems } = await listScanners({ hidDevices: async () => hid, serialPorts: async () => serial });
    expect(problems).toEqual([]);
    expect(scanners.map((s) => [s.transport, s.path, s.mode, s.vidPid, s.reason])).toEqual([
      ['hid', '/dev/hidraw4', 'pos', '0c2e:0b61', 'hid-pos-usage'],
      ['hid', '/dev/hidraw6', 'keyboard', '1eab:1d22', 'known-vendor'],
      ['serial', '/dev/ttyACM0', undefined, '05e0:1701', 'known-vendor'],
      ['serial', '/dev/ttyUSB0', undefined, '1a86:7523', 'serial-bridge'],
    ]);
    expect(scanners[0]!.vendor).toMatch(/Honeywell/);
  });

  it('HID missing (no libusb) still lists serial, and names the package', async () => {
    const missing = async () => {
      throw new NativeError('NATIVE_MODULE_MISSING', { details: { module: 'node-hid', install: 'apt-get install libusb-1.0-0', reason: 'libusb-1.0.so.0: cannot open shared object file' } });
    };
    const { scanners, problems } = await listScanners({ hidDevices: missing, serialPorts: async () => serial });
    expect(scanners.map((s) => s.transport)).toEqual(['serial', 'serial']);
    expect(problems).toEqual([{ transport: 'hid', reason: 'libusb-1.0.so.0: cannot open shared object file', install: 'apt-get install libusb-1.0-0' }]);
  });

  it('serial listing without udevadm is reported with the udev hint', async () => {
    const noUdev = async () => {
      throw Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    };
    const { scanners, problems } = await listScanners({ hidDevices: async () => hid, serialPorts: noUdev });
    expect(scanners).toHaveLength(2);
    expect(problems[0]).toMatchObject({ transport: 'serial', install: expect.stringContaining('udev') });
  });
});

describe('ScannerWatcher', () => {
  it('emits attach for what is there, then attach/detach as devices come and go', async () => {
    let now = [hid[0]!];
    const timer = manualTimer();
    const w = new ScannerWatcher({ hidDevices: async () => now, serialPorts: async () => [], timer, intervalMs: 250 });
    const log: string[] = [];
    w.on('attach', (d) => log.push(`+${d.path}`));
    w.on('detach', (d) => log.push(`-${d.path}`));
    let polled = once(w, 'poll');
    w.start();
    await polled;
    now = [hid[1]!];
    polled = once(w, 'poll');
    timer.fire();
    await polled;
    now = [];
    polled = once(w, 'poll');
    timer.fire();
    await polled;
    w.stop();
    expect(log).toEqual(['+/dev/hidraw4', '-/dev/hidraw4', '+/dev/hidraw6', '-/dev/hidraw6']);
    expect(timer.delays.every((d) => d === 250)).toBe(true);
    expect(timer.pending()).toBe(0);
  });
});
