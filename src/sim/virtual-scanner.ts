/**
 * A virtual serial scanner: a socat pseudo-terminal pair with stable link
 * names. Give `scannerPath` to a SerialScanner (or `listen --serial`), and
 * `write()` what a scanner would send. `unplug()` kills socat (both paths
 * vanish, as when a USB-serial scanner is pulled) and `plug()` makes the pair
 * again at the same paths. Needs the `socat` program (apt-get install socat).
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScannerError } from '../scanner/errors.js';

/**
 * A virtual serial scanner: the path the POS opens, a `write` for scans, and `unplug`.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface VirtualSerialScanner {
  /** The path the POS opens (what a real scanner's /dev/ttyACM0 would be). */
  readonly scannerPath: string;
  /** The other end, where the "scanner" writes. */
  readonly devicePath: string;
  /** Sends bytes as the scanner would (add the suffix yourself, e.g. `\r`). */
  write(data: string | Uint8Array): Promise<void>;
  /** Kills socat: both paths vanish. */
  unplug(): Promise<void>;
  /** Makes the pair again at the same paths. */
  plug(): Promise<void>;
  /** Unplugs and removes the temp directory. */
  close(): Promise<void>;
}

export interface VirtualSerialScannerOptions {
  /** Directory for the two links; default a fresh temp dir (removed by close()). */
  dir?: string;
  /** How long to wait for socat to make the links. Default 5000 ms. */
  startTimeoutMs?: number;
}

/** Throws SCAN_SOCAT_MISSING when socat cannot be run. */
export function assertSocat(): void {
  const r = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  if (r.error || r.status !== 0) throw new ScannerError('SCAN_SOCAT_MISSING', { details: { install: 'apt-get install socat' } });
}

async function waitForPaths(paths: string[], child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!paths.every((p) => existsSync(p))) {
    if (child.exitCode !== null) throw new ScannerError('SCAN_OPEN_FAILED', { details: { reason: `socat exited with ${child.exitCode}` } });
    if (Date.now() > until) throw new ScannerError('SCAN_OPEN_FAILED', { details: { reason: 'socat did not create the pty pair in time' } });
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A virtual serial scanner (a socat pty pair) for tests and demos: the POS opens `scannerPath`, the test writes scans.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param options Where to make the two links, and how long to wait for socat.
 * @example
 * ```ts
 * import { SerialScanner } from 'yibao-pos/scanner';
 * import { createVirtualSerialScanner } from 'yibao-pos/sim';
 * const virtual = await createVirtualSerialScanner();
 * const scanner = new SerialScanner({ path: virtual.scannerPath });
 * await virtual.write(`${qrText}\r`);
 * ```
 */
export async function createVirtualSerialScanner(options: VirtualSerialScannerOptions = {}): Promise<VirtualSerialScanner> {
  assertSocat();
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'yibao-vscan-'));
  const scannerPath = join(dir, 'scanner');
  const devicePath = join(dir, 'device');
  let child: ChildProcess | undefined;
  let fh: FileHandle | undefined;

  const plug = async () => {
    if (child && child.exitCode === null) return;
    child = spawn('socat', [`pty,raw,echo=0,link=${scannerPath}`, `pty,raw,echo=0,link=${devicePath}`], { stdio: 'ignore' });
    await waitForPaths([scannerPath, devicePath], child, options.startTimeoutMs ?? 5000);
  };
  const unplug = async () => {
    await fh?.close().catch(() => undefined);
    fh = undefined;
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await plug();
  return {
    scannerPath,
    devicePath,
    async write(data) {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      // An open racing unplug() can hand back the dead pty's end; a handle whose write failed is dropped,
      // so the next write opens the new pty instead of failing on the dead one forever.
      const handle = (fh ??= await open(devicePath, 'r+'));
      try {
        await handle.write(bytes);
      } catch (err) {
        if (fh === handle) fh = undefined;
        await handle.close().catch(() => undefined);
        throw err;
      }
    },
    unplug,
    plug,
    async close() {
      await unplug();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
