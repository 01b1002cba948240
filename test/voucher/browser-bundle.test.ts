// yibao-pos/voucher must bundle for a browser: no native module, no node: builtin.
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('yibao-pos/voucher in a browser', () => {
  it('bundles src/voucher/index.ts for platform browser with no node: or native import', async () => {
    const result = await build({ entryPoints: [resolve('src/voucher/index.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('src/voucher/verify.ts'))).toBe(true);
    expect(inputs.filter((i) => /^node:|better-sqlite3|node-hid|serialport|src\/lib\/(sqlite|native|clock)\.ts/.test(i))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/from ["']node:/);
  });
});
