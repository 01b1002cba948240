/**
 * Each native addon with its binary moved aside (in a throwaway copy of the
 * install, see helpers/native-tree.ts): the operation that needs it refuses
 * with NATIVE_MODULE_MISSING naming the module and the fix, where it happens,
 * and the CLI prints it and exits 2. Runs the built package ($YIBAO_DIST).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeTree, type NativeTree } from '../helpers/native-tree.js';

interface Run { code: number | null; stdout: string; stderr: string }

function run(tree: NativeTree, args: string[], input = ''): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: tree.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Runs `body` (an async function body using the package) in the tree; returns what it refused with. */
async function refusal(tree: NativeTree, body: string): Promise<{ name: string; code?: string; details?: Record<string, string> }> {
  writeFileSync(
    join(tree.dir, 'probe.mjs'),
    `try { ${body}; console.log(JSON.stringify({ name: 'none' })); } catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, details: e.details })); }\n`,
  );
  const r = await run(tree, ['probe.mjs']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { name: string; code?: string; details?: Record<string, string> };
}

const fixtures = resolve('fixtures/voucher');
const cases = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(fixtures, 'cases.json'), 'utf8'))) as { now: number; cases: { name: string; token: string }[] };
const validToken = cases.cases.find((c) => c.name === 'valid-es256')!.token;

describe('better-sqlite3 without its binary', () => {
  let tree: NativeTree;
  beforeAll(() => {
    tree = nativeTree({ 'better-sqlite3': ['build'] });
  });
  afterAll(() => tree.remove());

  it('SqliteReplayGuard.open refuses with NATIVE_MODULE_MISSING and the fixes (rebuild, Electron, pnpm)', async () => {
    const r = await refusal(tree, `const { SqliteReplayGuard } = await import('yibao-pos'); await SqliteReplayGuard.open('replay.db')`);
    expect(r).toMatchObject({ name: 'NativeError', code: 'NATIVE_MODULE_MISSING', details: { module: 'better-sqlite3' } });
    expect(r.details!.fix).toContain('npm rebuild better-sqlite3');
    expect(r.details!.fix).toContain('@electron/rebuild');
    expect(r.details!.fix).toContain('pnpm approve-builds');
    expect(r.details!.reason).toMatch(/bindings file|better_sqlite3\.node/);
  });

  it('SettlementJournal.open refuses with NATIVE_MODULE_MISSING, not JOURNAL_STORE_FAILED', async () => {
    const r = await refusal(tree, `const { SettlementJournal } = await import('yibao-pos'); await SettlementJournal.open('journal.db')`);
    expect(r).toMatchObject({ code: 'NATIVE_MODULE_MISSING', details: { module: 'better-sqlite3' } });
  });

  it('the CLI (verify --state) prints the module and the fix and exits 2', async () => {
    const args = [tree.bin, 'verify', '-', '--trust', join(fixtures, 'trust.jws'), '--root', join(fixtures, 'root.public.jwk'), '--now', String(cases.now), '--state', 'state'];
    const r = await run(tree, args, validToken);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NATIVE_MODULE_MISSING');
    expect(r.stderr).toMatch(/better-sqlite3: .*(bindings file|better_sqlite3\.node)/);
    expect(r.stderr).toContain('fix: npm rebuild better-sqlite3');
  });
});

describe('serialport without its binary', () => {
  let tree: NativeTree;
  beforeAll(() => {
    tree = nativeTree({ '@serialport/bindings-cpp': ['prebuilds', 'build'] }, ['serialport', '@serialport/stream', '@serialport/parser-readline', '@serialport/parser-delimiter', '@serialport/binding-mock', '@serialport/bindings-interface', '@serialport/parser-byte-length', '@serialport/parser-cctalk', '@serialport/parser-inter-byte-timeout', '@serialport/parser-packet-length', '@serialport/parser-ready', '@serialport/parser-regex', '@serialport/parser-slip-encoder', '@serialport/parser-spacepacket']);
  });
  afterAll(() => tree.remove());

  it('SerialScanner.open refuses with NATIVE_MODULE_MISSING naming the package to rebuild', async () => {
    const r = await refusal(tree, `const { SerialScanner } = await import('yibao-pos/scanner'); await new SerialScanner({ path: '/dev/ttyACM0' }).open()`);
    expect(r).toMatchObject({ name: 'NativeError', code: 'NATIVE_MODULE_MISSING', details: { module: 'serialport' } });
    expect(r.details!.fix).toContain('npm rebuild @serialport/bindings-cpp');
    expect(r.details!.reason).toMatch(/No native build/);
  });

  it('the CLI (listen --serial) prints it and exits 2', async () => {
    const r = await run(tree, [tree.bin, 'listen', '--serial', '/dev/ttyACM0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NATIVE_MODULE_MISSING');
    expect(r.stderr).toContain('fix: npm rebuild @serialport/bindings-cpp');
  });
});

describe('node-hid without its binary', () => {
  let tree: NativeTree;
  beforeAll(() => {
    tree = nativeTree({ 'node-hid': ['prebuilds', 'build'] });
  });
  afterAll(() => tree.remove());

  it('HidScanner.open refuses with NATIVE_MODULE_MISSING (the binary loads lazily, so the load is probed)', async () => {
    const r = await refusal(tree, `const { HidScanner } = await import('yibao-pos/scanner'); await new HidScanner({ vendorId: 0x0c2e, productId: 0x0b61 }).open()`);
    expect(r).toMatchObject({ name: 'NativeError', code: 'NATIVE_MODULE_MISSING', details: { module: 'node-hid' } });
    expect(r.details!.install).toContain('libusb-1.0-0');
    expect(r.details!.fix).toContain('npm rebuild node-hid');
  });

  it('the CLI (listen --hid) prints it and exits 2', async () => {
    const r = await run(tree, [tree.bin, 'listen', '--hid', '0c2e:0b61']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NATIVE_MODULE_MISSING');
    expect(r.stderr).toContain('fix: npm rebuild node-hid');
  });
});

describe('qrcode (an optional peer: only the simulator draws codes) not installed', () => {
  let tree: NativeTree;
  beforeAll(() => {
    tree = nativeTree({}, [], ['qrcode']);
  });
  afterAll(() => tree.remove());

  it('qrForTerminal refuses with OPTIONAL_MODULE_MISSING and the install command; the rest of yibao-pos/sim loads', async () => {
    const r = await refusal(tree, `const sim = await import('yibao-pos/sim'); if (typeof sim.initEnvironment !== 'function') throw new Error('sim did not load'); await sim.qrForTerminal('YBV1:x')`);
    expect(r).toMatchObject({ name: 'NativeError', code: 'OPTIONAL_MODULE_MISSING', details: { module: 'qrcode', install: 'npm install qrcode' } });
  });

  it('the CLI (issue --png) prints the install command and exits 2', async () => {
    const fixtureKey = join(fixtures, 'issuer-es256.private.jwk');
    const r = await run(tree, [tree.bin, 'issue', '--key', fixtureKey, '--iss', 'nhsa', '--sub', 'YBTEST0001', '--png', 'code.png']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('OPTIONAL_MODULE_MISSING');
    expect(r.stderr).toContain('install: npm install qrcode');
  });
});
