/**
 * Where libusb-1.0 is missing, node-hid fails to load: the HID scanner then
 * refuses with NATIVE_MODULE_MISSING naming the Debian package, and the rest
 * (discovery of serial ports, other scanners) keeps working.
 */
import { describe, expect, it, vi } from 'vitest';
import { listScanners } from '../../../src/scanner/discovery.js';
import { HidScanner } from '../../../src/scanner/hid-scanner.js';
import { Scanner } from '../../../src/scanner/scanner.js';
import { PushBinding } from '../helpers.js';

vi.mock('node-hid', () => {
  throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
});

describe('HID without libusb', () => {
  it('HidScanner.open() names the package to install; listing and other scanners still work', async () => {
    const err = await new HidScanner({ vendorId: 0x0c2e, productId: 0x0b61 }).open().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NATIVE_MODULE_MISSING', details: { module: 'node-hid', install: expect.stringContaining('libusb-1.0-0') } });
    const listing = await listScanners({ serialPorts: async () => [{ path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61' }] });
    expect(listing.scanners.map((s) => s.path)).toEqual(['/dev/ttyACM0']);
    expect(listing.problems).toEqual([expect.objectContaining({ transport: 'hid', install: expect.stringContaining('libusb-1.0-0') })]);
    const other = new Scanner({ binding: new PushBinding() });
    await other.open();
    expect(other.state).toBe('opened');
  });
});
