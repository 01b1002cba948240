/** Bundling a built subpath for the browser, and walking a CJS build's requires: what the browser-safety tests check. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build, type BuildResult, type OutputFile } from 'esbuild';

/** Imports a browser build must never reach. */
export const NODE_ONLY = /^(node:|better-sqlite3|node-hid|serialport|@serialport\/|pngjs)|^(fs|path|os|crypto|child_process|net|tls|http|https|stream|util|url|zlib|worker_threads)(\/|$)/;

/** Bundles `entry` for platform browser; returns esbuild's result and every import path it resolved. */
export async function bundleForBrowser(entry: string): Promise<{ result: BuildResult & { metafile: NonNullable<BuildResult['metafile']>; outputFiles: OutputFile[] }; imports: string[] }> {
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
  return { result, imports };
}

/** Every non-relative require() reachable from a CJS file through relative requires. */
export async function cjsRequires(file: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = await readFile(file, 'utf8');
  const specs = [...text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
  const nested = await Promise.all(specs.filter((s) => s.startsWith('.')).map((s) => cjsRequires(resolve(file, '..', s), seen)));
  return [...specs.filter((s) => !s.startsWith('.')), ...nested.flat()];
}
