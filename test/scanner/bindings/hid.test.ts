/**
 * The HID binding through its device interface (no node-hid): interface
 * selection on a composite device, recorded reports replayed, unplug/reopen.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HidBackend, HidDevice, HidDeviceInfo } from '../../../src/scanner/bindings/hid-device.js';
import { selectHidInterface } from '../../../src/scanner/bindings/hid.js';
import { parseHidCapture } from '../../../src/scanner/bindings/replay.js';
import { HidScanner } from '../../../src/scanner/hid-scanner.js';
import type { Scan } from '../../../src/scanner/scan.js';
import { manualTimer, once } from '../helpers.js';

const composite: HidDeviceInfo[] = [
  { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw3', interface: 0, usagePage: 0x01, usage: 0x06 },
  { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw4', interface: 1, usagePage: 0x8c, usage: 0x02 },
  { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw5', interface: 2, usagePage: 0xff00, usage: 0x01 },
  { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw0', interface: 0, usagePage: 0x01, usage: 0x02 },
];

class FakeDevice extends EventEmitter implements HidDevice {
  closed = false;
  async close() {
    this.closed = true;
  }
}

function backend(devices: HidDeviceInfo[]) {
  const opened: { path: string; device: FakeDevice }[] = [];
  let present = true;
  const b: HidBackend & { opened: typeof opened; unplug(): void; plug(): void } = {
    opened,
    devices: async () => (present ? devices : []),
    open: async (path) => {
      if (!present) throw new Error('could not open');
      const device = new FakeDevice();
      opened.push({ path, device });
      return device;
    },
    unplug: () => {
      present = false;
      opened.at(-1)!.device.emit('error', new Error('could not read from HID device'));
    },
    plug: () => void (present = true),
  };
  return b;
}

const fixture = (name: string) => parseHidCapture(readFileSync(new URL(`../../../fixtures/scanner/${name}`, import.meta.url), 'utf8'));

describe('HID interface selection', () => {
  it('picks the HID POS interface of a composite device, or the boot keyboard for a wedge', () => {
    expect(selectHidInterface(composite, { vendorId: 0x0c2e, productId: 0x0b61, mode: 'pos' })?.path).toBe('/dev/hidraw4');
    expect(selectHidInterface(composite, { vendorId: 0x0c2e, productId: 0x0b61, mode: 'keyboard' })?.path).toBe('/dev/hidraw3');
    expect(selectHidInterface(composite, { mode: 'pos' })?.path).toBe('/dev/hidraw4');
    expect(selectHidInterface(composite, { vendorId: 0x046d, productId: 0xc077, mode: 'pos' })).toBeUndefined();
  });
});

describe('HidScanner over a fake device', () => {
  it('HID POS: replays single and multi-report fixtures into scans', async () => {
    const b = backend(composite);
    const scanner = new HidScanner({ vendorId: 0x0c2e, productId: 0x0b61, backend: b });
    const scans: Scan[] = [];
    scanner.on('scan', (s) => scans.push(s));
    await scanner.open();
    await scanner.claim();
    await scanner.enable();
    expect(b.opened[0]!.path).toBe('/dev/hidraw4');
    for (const r of [...fixture('hid-pos-single.hex'), ...fixture('hid-pos-multi.hex')]) b.opened[0]!.device.emit('data', Buffer.from(r));
    expect(scans.map((s) => [s.kind, s.symbology, s.aimId, s.source])).toEqual([
      ['item', 'ean13', ']E0', 'hid:0c2e:0b61'],
      ['voucher', 'qr', ']Q1', 'hid:0c2e:0b61'],
      ['item', 'gs1-datamatrix', ']d2', 'hid:0c2e:0b61'],
    ]);
    expect(scans[2]!.text).toBe('0106901234567892\x1d10LOT42\x1d17271231');
    await scanner.close();
    expect(b.opened[0]!.device.closed).toBe(true);
  });

  it('keyboard wedge: replays the recorded fixture into three scans', async () => {
    const b = backend(composite);
    const scanner = new HidScanner({ vendorId: 0x0c2e, productId: 0x0b61, mode: 'keyboard', backend: b });
    const scans: string[] = [];
    scanner.on('scan', (s) => scans.push(s.text));
    await scanner.open();
    await scanner.claim();
    await scanner.enable();
    for (const r of fixture('wedge-us.hex')) b.opened[0]!.device.emit('data', Buffer.from(r));
    expect(scans).toEqual(['YBV1:Ab-11', '2024', '10\x1d2']);
    await scanner.close();
  });

  it('unplug → detach; the device back → attach and reports flow again', async () => {
    const b = backend(composite);
    const timer = manualTimer();
    const scanner = HidScanner.auto({ backend: b, reopen: { initialMs: 10, timer } });
    const scans: string[] = [];
    scanner.on('scan', (s) => scans.push(s.text));
    await scanner.open();
    await scanner.claim();
    await scanner.enable();
    const detached = once(scanner, 'detach');
    b.unplug();
    await detached;
    timer.fire(); // device absent: this attempt fails and re-arms
    await new Promise((r) => setImmediate(r));
    expect(timer.pending()).toBe(1);
    b.plug();
    const attached = once(scanner, 'attach');
    timer.fire();
    await attached;
    for (const r of fixture('hid-pos-single.hex')) b.opened.at(-1)!.device.emit('data', Buffer.from(r));
    expect(scans).toEqual(['6901234567892']);
    expect(scanner.source).toBe('hid:auto');
    await scanner.close();
  });

  it('no HID POS interface: SCAN_DEVICE_NOT_FOUND naming the interfaces seen', async () => {
    const scanner = new HidScanner({ vendorId: 0x046d, productId: 0xc077, backend: backend(composite) });
    await expect(scanner.open()).rejects.toMatchObject({ code: 'SCAN_DEVICE_NOT_FOUND', details: { interfaces: [{ interface: 0, usagePage: 1, usage: 2 }] } });
  });
});
