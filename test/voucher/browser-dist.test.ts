/**
 * The BUILT `yibao-pos/voucher` (dist/voucher/index.js and the shared chunks
 * tsup splits out) must load in a browser: bundling it for platform browser
 * succeeds, and its import graph holds no node: builtin and no native module.
 * Uses the build in $YIBAO_DIST (default dist/), like the CLI tests.
 */
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser, cjsRequires, NODE_ONLY as FORBIDDEN } from '../helpers/browser-bundle.js';
import { DIST } from '../helpers/cli.js';

describe('built yibao-pos/voucher in a browser', () => {
  it('bundles dist/voucher/index.js for platform browser; no chunk it reaches imports node: or a native module', async () => {
    const { result, imports } = await bundleForBrowser(resolve(DIST, 'voucher/index.js'));
    const files = Object.keys(result.metafile.inputs).map((i) => relative(DIST, resolve(i)));
    // The entry and its own chunks are in the graph, jose too; nothing else of ours that touches Node.
    expect(files).toContain('voucher/index.js');
    expect(files.some((f) => f.includes('node_modules/jose/'))).toBe(true);
    expect(imports.filter((i) => FORBIDDEN.test(i))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/\brequire\(\s*["'](node:|better-sqlite3|node-hid|serialport)/);
    // The verifier itself is really in there.
    expect(result.outputFiles[0]!.text).toContain('ybv+jwt');
  });

  it('the CJS build of yibao-pos/voucher requires no node: builtin or native module either', async () => {
    const external = await cjsRequires(resolve(DIST, 'voucher/index.cjs'));
    expect(external.filter((s) => FORBIDDEN.test(s))).toEqual([]);
    // jose is ESM-only, so the CJS build carries its own copy (require() of it fails on Node < 20.19).
    expect(external).not.toContain('jose');
  });
});
