/**
 * Test helper: what a browser bundler makes of a BUILT subpath (dist/<entry>
 * and the chunks tsup split out): the files it pulled in, every import it
 * resolved, the bundle's text; and, for the CJS build, every require it
 * reaches. Uses the build in $YIBAO_DIST (default dist/), like the CLI tests.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { DIST } from './cli.js';

/** Node builtins and native modules: none may be reached from a browser-safe subpath. */
export const NOT_IN_A_BROWSER = /^(node:|better-sqlite3|node-hid|serialport|@serialport\/)|^(fs|path|os|crypto|child_process|net|tls|http|https|stream|util|url|worker_threads|zlib)(\/|$)/;

export async function bundleBuiltForBrowser(entry: string): Promise<{ files: string[]; imports: string[]; text: string }> {
  const imports: string[] = [];
  const result = await build({
    entryPoints: [resolve(DIST, entry)],
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
  return { files: Object.keys(result.metafile.inputs).map((i) => relative(DIST, resolve(i))), imports, text: result.outputFiles[0]!.text };
}

/** Every bare `require()` reached from dist/<entry> through its relative requires. */
export async function cjsRequires(entry: string): Promise<string[]> {
  const seen = new Set<string>();
  const walk = async (file: string): Promise<string[]> => {
    if (seen.has(file)) return [];
    seen.add(file);
    const text = await readFile(file, 'utf8');
    const specs = [...text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
    const nested = await Promise.all(specs.filter((s) => s.startsWith('.')).map((s) => walk(resolve(file, '..', s))));
    return [...specs.filter((s) => !s.startsWith('.')), ...nested.flat()];
  };
  return walk(resolve(DIST, entry));
}
