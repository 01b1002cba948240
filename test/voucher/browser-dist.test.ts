/**
 * The BUILT `yibao-pos/voucher` (dist/voucher/index.js and the shared chunks
 * tsup splits out) must load in a browser: bundling it for platform browser
 * succeeds, and its import graph holds no node: builtin and no native module.
 * Uses the build in $YIBAO_DIST (default dist/), like the CLI tests.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { DIST } from '../helpers/cli.js';

const FORBIDDEN = /^(node:|better-sqlite3|node-hid|serialport|@serialport\/)|^(fs|path|os|crypto|child_process|net|tls|http|https|stream|util|url|worker_threads)(\/|$)/;

describe('built yibao-pos/voucher in a browser', () => {
  it('bundles dist/voucher/index.js for platform browser; no chunk it reaches imports node: or a native module', async () => {
    const entry = resolve(DIST, 'voucher/index.js');
    const imports: string[] = [];
    const result = await build({
      entryPoints: [entry],
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
    const seen = new Set<string>();
    const walk = async (file: string): Promise<string[]> => {
      if (seen.has(file)) return [];
      seen.add(file);
      const text = await readFile(file, 'utf8');
      const specs = [...text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      const nested = await Promise.all(specs.filter((s) => s.startsWith('.')).map((s) => walk(resolve(file, '..', s))));
      return [...specs.filter((s) => !s.startsWith('.')), ...nested.flat()];
    };
    const external = await walk(resolve(DIST, 'voucher/index.cjs'));
    expect(external.filter((s) => FORBIDDEN.test(s))).toEqual([]);
    // jose is ESM-only, so the CJS build carries its own copy (require() of it fails on Node < 20.19).
    expect(external).not.toContain('jose');
  });
});
