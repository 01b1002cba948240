import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVirtualSerialScanner } from '../../src/sim/virtual-scanner.js';

describe('createVirtualSerialScanner', () => {
  it('makes a pty pair with stable paths, unplug removes them, plug restores them, close cleans up', async () => {
    const vs = await createVirtualSerialScanner();
    expect(existsSync(vs.scannerPath) && existsSync(vs.devicePath)).toBe(true);
    const fd = openSync(vs.scannerPath, 'r');
    await vs.write('HELLO\r');
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf);
    closeSync(fd);
    expect(buf.subarray(0, n).toString()).toBe('HELLO\r');
    await vs.unplug();
    expect(existsSync(vs.scannerPath)).toBe(false);
    await vs.plug();
    expect(existsSync(vs.scannerPath)).toBe(true);
    await vs.close();
    expect(existsSync(vs.devicePath)).toBe(false);
  });
});
