/**
 * The terminal configuration file (terminal.json): defaults, validation,
 * atomic writes, and what loadTerminalConfig / loadGatewayOptions make of it.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayOptions, loadTerminalConfig } from '../../src/config/load.js';
import { readTerminalSettings, terminalFiles, tillSettings, trustFilesOf, writeTerminalSettings } from '../../src/config/settings.js';
import { initEnvironment } from '../../src/sim/init.js';
import { codeOf } from '../helpers/error-code.js';

const GATEWAY = { fixmedinsCode: 'P11010000009', fixmedinsName: '测试药房', mdtrtAreaAdmvs: '110100', devNo: 'TILL-7' };
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'yibao-config-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const fresh = async (name: string) => {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  return dir;
};

describe('terminal.json', () => {
  it('writes the defaults for paths not given and reads back what it wrote', async () => {
    const dir = await fresh('defaults');
    const written = await writeTerminalSettings(dir, { gateway: GATEWAY, journal: '/var/lib/pos/journal.db' });
    expect(written).toEqual({ gateway: GATEWAY, terminalKey: join('keys', 'terminal.private.jwk'), rootKey: join('keys', 'root.public.jwk'), trustList: 'trust.jws', stateDir: 'terminal', journal: '/var/lib/pos/journal.db' });
    expect(await readTerminalSettings(dir)).toEqual(written);
    expect(JSON.parse(await readFile(join(dir, 'terminal.json'), 'utf8'))).toEqual(written);
  });

  it('resolves relative paths against the folder and keeps absolute ones', async () => {
    const dir = await fresh('paths');
    const s = await writeTerminalSettings(dir, { gateway: GATEWAY, stateDir: 'state', rootKey: '/etc/pos/root.jwk' });
    expect(terminalFiles(dir, s)).toEqual({
      terminalKey: join(dir, 'keys', 'terminal.private.jwk'),
      rootKey: '/etc/pos/root.jwk',
      trustList: join(dir, 'trust.jws'),
      stateDir: join(dir, 'state'),
      storedTrustList: join(dir, 'state', 'trust.jws'),
      journal: join(dir, 'state', 'journal.db'),
      catalog: join(dir, 'state', 'catalog.db'),
    });
  });

  it('refuses a missing file, non-JSON, and a wrong or missing field, naming it', async () => {
    const dir = await fresh('bad');
    expect(await codeOf(readTerminalSettings(dir))).toBe('CONFIG_MISSING');
    await writeFile(join(dir, 'terminal.json'), '{ not json');
    expect(await codeOf(readTerminalSettings(dir))).toBe('CONFIG_INVALID');
    for (const [content, field] of [
      [[], '(root)'],
      [{}, 'gateway'],
      [{ gateway: { ...GATEWAY, devNo: undefined } }, 'gateway.devNo'],
      [{ gateway: { ...GATEWAY, fixmedinsCode: 42 } }, 'gateway.fixmedinsCode'],
      [{ gateway: GATEWAY, stateDir: '' }, 'stateDir'],
      [{ gateway: { ...GATEWAY, url: ['x'] } }, 'gateway.url'],
    ] as const) {
      await writeFile(join(dir, 'terminal.json'), JSON.stringify(content));
      const err = await readTerminalSettings(dir).then(() => undefined, (e: unknown) => e as { code: string; details: { field: string } });
      expect(err?.code, JSON.stringify(content)).toBe('CONFIG_INVALID');
      expect(err?.details.field).toBe(field);
    }
  });

  it('trustFilesOf falls back to the default layout in a folder without terminal.json', async () => {
    const dir = await fresh('no-settings');
    expect(await trustFilesOf(dir)).toEqual({ trustList: join(dir, 'trust.jws'), rootKey: join(dir, 'keys', 'root.public.jwk') });
    await writeTerminalSettings(dir, { gateway: GATEWAY, trustList: 'lists/current.jws' });
    expect((await trustFilesOf(dir)).trustList).toBe(join(dir, 'lists', 'current.jws'));
  });
});

describe('loadTerminalConfig / loadGatewayOptions', () => {
  let env: string;
  beforeAll(async () => {
    env = join(root, 'env');
    await initEnvironment({ dir: env });
  });

  it('an environment made by initEnvironment carries terminal.json; the config names its files', async () => {
    const config = await loadTerminalConfig(env, { url: 'http://127.0.0.1:1' });
    expect(config.gateway).toMatchObject({ url: 'http://127.0.0.1:1', fixmedinsCode: 'P42010000001', devNo: 'POS-0001' });
    expect(config.gateway.terminalKey!.kid).toBe('term-P42010000001-01');
    expect(config.gateway.terminalKey!.d).toBeDefined();
    expect(config.trust.rootKey.kid).toBe('root-1');
    expect(config.trust.rootKey.d).toBeUndefined();
    expect(config.trust.initial).toBe((await readFile(join(env, 'trust.jws'), 'utf8')).trim());
    expect(config.trust.file).toBe(join(env, 'terminal', 'trust.jws'));
    // Used voucher codes are kept in the journal (one commit with the sale), so no separate replay file.
    expect(config).not.toHaveProperty('replayGuard');
    expect(config.journal).toBe(join(env, 'terminal', 'journal.db'));
    expect((await loadTerminalConfig(env, { url: 'http://x', journal: '/tmp/j.db' })).journal).toBe('/tmp/j.db');
  });

  it('needs a URL from the file or the caller', async () => {
    const err = await loadGatewayOptions(env).then(() => undefined, (e: unknown) => e as { code: string; details: { field: string } });
    expect(err?.code).toBe('CONFIG_INVALID');
    expect(err?.details.field).toBe('gateway.url');
    const s = await readTerminalSettings(env);
    await writeTerminalSettings(env, { ...s, gateway: { ...s.gateway, url: 'http://127.0.0.1:2' } });
    expect((await loadGatewayOptions(env)).url).toBe('http://127.0.0.1:2');
    expect((await loadGatewayOptions(env, { url: 'http://127.0.0.1:3' })).url).toBe('http://127.0.0.1:3');
  });

  it('a key file that is missing or not a JWK is a configuration error naming the field, never its content', async () => {
    const dir = await fresh('keys');
    await writeTerminalSettings(dir, { gateway: { ...GATEWAY, url: 'http://127.0.0.1:1' } });
    const missing = await loadGatewayOptions(dir).then(() => undefined, (e: unknown) => e as { code: string; details: Record<string, unknown> });
    expect(missing?.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(missing?.details).toMatchObject({ field: 'terminalKey', file: join(dir, 'keys', 'terminal.private.jwk') });
    await mkdir(join(dir, 'keys'));
    await writeFile(join(dir, 'keys', 'terminal.private.jwk'), 'SECRET-NOT-JSON');
    const bad = await loadGatewayOptions(dir).then(() => undefined, (e: unknown) => e as Error & { code: string });
    expect(bad?.code).toBe('CONFIG_INVALID');
    expect(JSON.stringify(bad) + String(bad?.message) + String(bad?.cause)).not.toContain('SECRET');
    // A key without a kid takes the settings' terminalKid.
    await writeFile(join(dir, 'keys', 'terminal.private.jwk'), JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }));
    expect(await codeOf(loadGatewayOptions(dir))).toBe('CONFIG_INVALID');
    await writeTerminalSettings(dir, { gateway: { ...GATEWAY, url: 'http://127.0.0.1:1', terminalKid: 'till-7' } });
    expect((await loadGatewayOptions(dir)).terminalKey!.kid).toBe('till-7');
  });

  it('tills: --till K takes the till key, dev_no, state folder and journal; an unknown till is CONFIG_TILL_UNKNOWN', async () => {
    const dir = join(root, 'tills');
    await initEnvironment({ dir, tills: 3 });
    const settings = await readTerminalSettings(dir);
    expect(settings.tills?.map((t) => [t.till, t.devNo, t.stateDir])).toEqual([
      [1, 'POS-0001', 'terminal'],
      [2, 'POS-0002', 'terminal-2'],
      [3, 'POS-0003', 'terminal-3'],
    ]);
    const two = await loadTerminalConfig(dir, { url: 'http://127.0.0.1:1', till: 2 });
    expect(two.till).toBe(2);
    expect(two.gateway.devNo).toBe('POS-0002');
    expect(two.gateway.terminalKey!.kid).toBe('term-P42010000001-02');
    expect(two.journal).toBe(join(dir, 'terminal-2', 'journal.db'));
    const one = await loadTerminalConfig(dir, { url: 'http://127.0.0.1:1' });
    expect([one.till, one.gateway.devNo, one.journal]).toEqual([1, 'POS-0001', join(dir, 'terminal', 'journal.db')]);
    expect(one.gateway.terminalKey!.kid).not.toBe(two.gateway.terminalKey!.kid);
    expect(await codeOf(loadTerminalConfig(dir, { url: 'http://127.0.0.1:1', till: 4 }))).toBe('CONFIG_TILL_UNKNOWN');
    expect(await codeOf(loadGatewayOptions(dir, { url: 'http://127.0.0.1:1', till: 4 }))).toBe('CONFIG_TILL_UNKNOWN');
    // A single-till folder knows till 1 only.
    const single = await readTerminalSettings(env);
    expect(tillSettings(single, 1)).toBe(single);
    expect(() => tillSettings(single, 2)).toThrow(expect.objectContaining({ code: 'CONFIG_TILL_UNKNOWN' }));
    await expect(writeTerminalSettings(await fresh('bad-tills'), { gateway: GATEWAY, tills: [{ till: 0, devNo: 'x', terminalKey: 'k', stateDir: 's' }] })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
