/**
 * Serial end to end through a real socat pseudo-terminal pair: bytes written
 * on the device side, scans asserted on the SerialScanner side; unplug is
 * socat exiting (the path vanishes) and replug is socat again at the same path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner } from '../../../src/scanner/serial-scanner.js';
import type { Scan } from '../../../src/scanner/scan.js';
import type { ScannerError } from '../../../src/scanner/errors.js';
import { createVirtualSerialScanner, type VirtualSerialScanner } from '../../../src/sim/virtual-scanner.js';
import { once } from '../helpers.js';

let vs: VirtualSerialScanner | undefined;
let scanner: SerialScanner | undefined;

afterEach(async () => {
  await scanner?.close();
  await vs?.close();
  scanner = vs = undefined;
});

function collect(s: SerialScanner, n: number): Promise<Scan[]> {
  const out: Scan[] = [];
  return new Promise((resolve) =>
    s.on('scan', (x) => {
      out.push(x);
      if (out.length === n) resolve(out);
    }),
  );
}

async function start(options: Partial<ConstructorParameters<typeof SerialScanner>[0]> = {}) {
  vs = await createVirtualSerialScanner();
  scanner = new SerialScanner({ path: vs.scannerPath, baudRate: 115200, suffix: 'cr', ...options });
  await scanner.open();
  await scanner.claim();
  await scanner.enable();
  return { vs, scanner };
}

describe('SerialScanner over a pty pair', () => {
  it('turns bytes into scans: voucher, EAN-13, GS1 with GS, Chinese split mid-character', async () => {
    const { vs, scanner } = await start();
    const got = collect(scanner, 4);
    const zh = new TextEncoder().encode('阿莫西林胶囊\r');
    await vs.write(']Q1YBV1:eyJ0ZXN0IjoxfQ.e30.c2ln\r690123');
    await vs.write('4567892\r]d20106901234567892\x1d10LOT\r');
    await vs.write(zh.subarray(0, 2));
    await vs.write(zh.subarray(2));
    const scans = await got;
    expect(scans.map((s) => [s.text, s.kind, s.symbology])).toEqual([
      ['YBV1:eyJ0ZXN0IjoxfQ.e30.c2ln', 'voucher', 'qr'],
      ['6901234567892', 'item', 'ean13'],
      ['0106901234567892\x1d10LOT', 'item', 'gs1-datamatrix'],
      ['阿莫西林胶囊', 'item', undefined],
    ]);
    expect(scans[0]!.source).toBe(`serial:${vs.scannerPath}`);
  });

  it('a second exclusive open of the same port is SCAN_PORT_BUSY, naming the path and how to find the holder', async () => {
    const { vs } = await start();
    const other = new SerialScanner({ path: vs.scannerPath });
    const err = await other.open().then(() => undefined, (e: unknown) => e as ScannerError);
    expect(err).toMatchObject({ code: 'SCAN_PORT_BUSY', details: { path: vs.scannerPath } });
    expect(err!.details.reason).toMatch(/Cannot lock port/);
    expect(err!.details.fix).toContain(`fuser ${vs.scannerPath}`);
  });

  it('unplug → detach (SCAN_DISCONNECTED); replug at the same path → attach; scans after reopen arrive', async () => {
    const { vs, scanner } = await start({ reopen: { initialMs: 20, maxMs: 100 } });
    const first = collect(scanner, 1);
    await vs.write('BEFORE\r');
    expect((await first)[0]!.text).toBe('BEFORE');
    const errors: string[] = [];
    scanner.on('error', (e) => errors.push(e.code));
    const detached = once(scanner, 'detach');
    await vs.unplug();
    await detached;
    expect(errors).toEqual(['SCAN_DISCONNECTED']);
    const attached = once(scanner, 'attach');
    const after = collect(scanner, 3);
    await vs.plug();
    await attached;
    // Written as one burst right after the reopen, split by the pty wherever it likes: all three arrive.
    await vs.write('AFTER1\rAFTER2\rAFTER3\r');
    expect((await after).map((s) => s.text)).toEqual(['AFTER1', 'AFTER2', 'AFTER3']);
  });

  it('opening a path that does not exist is SCAN_PATH_MISSING with the path', async () => {
    await expect(new SerialScanner({ path: '/nonexistent/ttyX' }).open()).rejects.toMatchObject({ code: 'SCAN_PATH_MISSING', details: { path: '/nonexistent/ttyX' } });
  });
});
