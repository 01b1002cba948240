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
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { DIST } from '../helpers/cli.js';

const FORBIDDEN = /^(node:|better-sqlite3|node-hid|serialport|@serialport\/|pngjs)|^(fs|path|os|crypto|child_process|net|tls|http|https|stream|util|url|zlib|worker_threads)(\/|$)/;

describe('built yibao-pos/camera in a browser', () => {
  it('bundles for platform browser with no node: or native import, and asks for the .wasm relative to itself', async () => {
    const imports: string[] = [];
    const result = await build({
      entryPoints: [resolve(DIST, 'camera/index.js')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [
        {
          name: 'record-imports',
          setup(b) {
            b.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind !== 'entry-point') imports.push(args.path);
              return undefined;
            });
          },
        },
      ],
    });
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
    expect(existsSync(resolve(DIST, 'camera/zxing_reader.wasm'))).toBe(true);

    const seen = new Set<string>();
    const walk = async (file: string): Promise<string[]> => {
      if (seen.has(file)) return [];
      seen.add(file);
      const text = await readFile(file, 'utf8');
      const specs = [...text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      const nested = await Promise.all(specs.filter((s) => s.startsWith('.')).map((s) => walk(resolve(file, '..', s))));
      return [...specs.filter((s) => !s.startsWith('.')), ...nested.flat()];
    };
    const external = await walk(resolve(DIST, 'camera/index.cjs'));
    expect(external.filter((s) => FORBIDDEN.test(s))).toEqual([]);
  });

  it('the built ESM module decodes in Node with the WebAssembly from node_modules', async () => {
    const { decodeImage } = (await import(resolve(DIST, 'camera/index.js'))) as typeof import('../../src/camera/index.js');
    const { drawCodes } = await import('./helpers.js');
    const codes = await decodeImage({ data: drawCodes(200, 200, [{ text: 'dist-ok', x: 40, y: 40, scale: 4 }]), width: 200, height: 200, format: 'gray' });
    expect(codes.map((c) => c.text)).toEqual(['dist-ok']);
  });
});
