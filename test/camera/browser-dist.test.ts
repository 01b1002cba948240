/**
 * The BUILT `yibao-pos/camera` must load in a browser: bundling it for
 * platform browser succeeds, nothing it reaches imports node: or a native
 * module, the WebAssembly is referenced as new URL('./zxing_reader.wasm',
 * import.meta.url) and that file sits next to the code that asks for it, so
 * bundlers that follow that form (Vite, webpack 5, Parcel) ship it and no
 * CDN is needed.
 * Uses the build in $YIBAO_DIST (default dist/), like the CLI tests.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser, cjsRequires, NODE_ONLY as FORBIDDEN } from '../helpers/browser-bundle.js';
import { DIST } from '../helpers/cli.js';

describe('built yibao-pos/camera in a browser', () => {
  it('bundles for platform browser with no node: or native import, and asks for the .wasm relative to itself', async () => {
    const { result, imports } = await bundleForBrowser(resolve(DIST, 'camera/index.js'));
    expect(imports.filter((i) => FORBIDDEN.test(i))).toEqual([]);
    const files = Object.keys(result.metafile.inputs).map((i) => relative(DIST, resolve(i)));
    expect(files.some((f) => f.includes('node_modules/zxing-wasm/'))).toBe(true);
    expect(files.some((f) => f.includes('node_modules/jpeg-js/'))).toBe(true);
    // The WebAssembly is asked for relative to the module, in the form Vite, webpack 5 and Parcel rewrite to a shipped asset.
    const js = result.outputFiles[0]!.text;
    expect(js).toMatch(/new URL\(\s*["']\.\/zxing_reader\.wasm["']\s*,\s*import\.meta\.url\s*\)/);
  });

  it('every built file that asks for zxing_reader.wasm has it beside it; the CJS build requires nothing of Node', async () => {
    const { readdir } = await import('node:fs/promises');
    const all = (await readdir(DIST, { recursive: true })).map((f) => resolve(DIST, String(f)));
    const askers = [];
    for (const f of all.filter((p) => /\.c?js$/.test(p))) if ((await readFile(f, 'utf8')).includes('./zxing_reader.wasm')) askers.push(f);
    expect(askers.length).toBeGreaterThan(0);
    for (const f of askers) expect(existsSync(resolve(dirname(f), 'zxing_reader.wasm')), f).toBe(true);
    // Shipped once (it is about half the tarball), at the place the package export names.
    const wasms = all.filter((p) => p.endsWith('.wasm'));
    expect(wasms.map((p) => relative(DIST, p))).toEqual(['zxing_reader.wasm']);
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { exports: Record<string, string> };
    expect(resolve(DIST, relative('dist', pkg.exports['./camera/zxing_reader.wasm']!))).toBe(wasms[0]);

    const external = await cjsRequires(resolve(DIST, 'camera/index.cjs'));
    expect(external.filter((s) => FORBIDDEN.test(s))).toEqual([]);
  });

  it('the built ESM module decodes in Node with the WebAssembly from node_modules', async () => {
    const { decodeImage } = (await import(resolve(DIST, 'camera/index.js'))) as typeof import('../../src/camera/index.js');
    const { drawCodes } = await import('./helpers.js');
    const codes = await decodeImage({ data: drawCodes(200, 200, [{ text: 'dist-ok', x: 40, y: 40, scale: 4 }]), width: 200, height: 200, format: 'gray' });
    expect(codes.map((c) => c.text)).toEqual(['dist-ok']);
  });
});
