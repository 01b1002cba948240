/**
 * The BUILT `yibao-pos/voucher` (dist/voucher/index.js and the shared chunks
 * tsup splits out) must load in a browser: bundling it for platform browser
 * succeeds, and its import graph holds no node: builtin and no native module.
 */
import { describe, expect, it } from 'vitest';
import { bundleBuiltForBrowser, cjsRequires, NOT_IN_A_BROWSER } from '../helpers/browser-dist.js';

describe('built yibao-pos/voucher in a browser', () => {
  it('bundles dist/voucher/index.js for platform browser; no chunk it reaches imports node: or a native module', async () => {
    const { files, imports, text } = await bundleBuiltForBrowser('voucher/index.js');
    // The entry and its own chunks are in the graph, jose too; nothing else of ours that touches Node.
    expect(files).toContain('voucher/index.js');
    expect(files.some((f) => f.includes('node_modules/jose/'))).toBe(true);
    expect(imports.filter((i) => NOT_IN_A_BROWSER.test(i))).toEqual([]);
    expect(text).not.toMatch(/\brequire\(\s*["'](node:|better-sqlite3|node-hid|serialport)/);
    // The verifier itself is really in there.
    expect(text).toContain('ybv+jwt');
  });

  it('the CJS build of yibao-pos/voucher requires no node: builtin or native module either', async () => {
    const external = await cjsRequires('voucher/index.cjs');
    expect(external.filter((s) => NOT_IN_A_BROWSER.test(s))).toEqual([]);
    // jose is ESM-only, so the CJS build carries its own copy (require() of it fails on Node < 20.19).
    expect(external).not.toContain('jose');
  });
});
