import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { defineConfig } from 'tsup';

// ESM-only dependencies: require() of them fails on Node < 20.19, so the CJS
// build carries its own copy; the ESM build imports the installed package.
const ESM_ONLY = ['jose', 'fast-png'];

/** Source maps name files relative to the map, never the build machine's directories. */
function relativeSourceMaps(outDir: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.map') ? [join(dir, e.name)] : []));
  for (const file of walk(outDir)) {
    const map = JSON.parse(readFileSync(file, 'utf8')) as { sources?: string[]; file?: string };
    const absolute = (s: string) => isAbsolute(s);
    if (!map.sources?.some(absolute) && !(map.file && absolute(map.file))) continue;
    map.sources = map.sources?.map((s) => (absolute(s) ? relative(dirname(file), s).split('\\').join('/') : s));
    if (map.file && absolute(map.file)) map.file = basename(map.file);
    writeFileSync(file, JSON.stringify(map));
  }
}

/**
 * zxing-cpp's WebAssembly ships once, beside the built code that asks for it
 * with `new URL('./zxing_reader.wasm', import.meta.url)`, so browsers and
 * bundlers find it without a CDN. With code splitting that code sits in a
 * shared chunk (ESM and CJS chunks share one folder), so the package export
 * `yibao-pos/camera/zxing_reader.wasm` names that file, not a second copy.
 */
async function shipCameraWasm(outDir: string, partial: boolean): Promise<void> {
  const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const dirs = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (/\.c?js$/.test(e.name) && (await readFile(path, 'utf8')).includes('./zxing_reader.wasm')) dirs.add(dirname(path));
    }
  };
  await walk(outDir);
  // A build of chosen entries (`npm run demo`) may not reach the camera at all.
  if (dirs.size === 0 && partial) return;
  const exported = (JSON.parse(await readFile('package.json', 'utf8')) as { exports: Record<string, unknown> }).exports['./camera/zxing_reader.wasm'];
  const want = typeof exported === 'string' ? dirname(join(outDir, relative('dist', exported))) : undefined;
  if (!partial && (dirs.size !== 1 || want === undefined || !dirs.has(want))) {
    throw new Error(`the camera's WebAssembly is asked for from ${[...dirs].map((d) => relative('.', d) || '.').join(', ') || 'nowhere'}; package.json exports "./camera/zxing_reader.wasm" must name the one place (${String(exported)})`);
  }
  await Promise.all([...dirs].map(async (d) => (await mkdir(d, { recursive: true }), copyFile(wasm, join(d, 'zxing_reader.wasm')))));
}

// One entry per public subpath (package.json "exports"), plus the CLI.
export default defineConfig((flags) => ({
  entry: {
    index: 'src/index.ts',
    'voucher/index': 'src/voucher/index.ts',
    'scanner/index': 'src/scanner/index.ts',
    'pin/index': 'src/pin/index.ts',
    'pin/browser': 'src/pin/browser.ts',
    'gateway/index': 'src/gateway/index.ts',
    'journal/index': 'src/journal/index.ts',
    'config/index': 'src/config/index.ts',
    // The back office (yibao-pos/backoffice) and the internals its benchmark drives (built, not exported).
    'backoffice/index': 'src/backoffice/index.ts',
    'backoffice/internals': 'src/backoffice/internals.ts',
    'checkout/index': 'src/checkout/index.ts',
    'sim/index': 'src/sim/index.ts',
    'camera/index': 'src/camera/index.ts',
    'cli/main': 'src/cli/main.ts',
    'cli/run': 'src/cli/run.ts',
  },
  format: ['esm', 'cjs'],
  // YIBAO_NO_DTS=1 skips declarations for quick local builds (npx tsup --out-dir .build/NAME).
  dts: !process.env.YIBAO_NO_DTS,
  sourcemap: true,
  // A build of chosen entries (`npm run demo`: --entry.cli/run) adds to the output and keeps the rest.
  clean: flags.entry === undefined,
  target: 'node20',
  splitting: true,
  // Native addons stay runtime requires, loaded lazily by the drivers that need them.
  external: ['better-sqlite3', 'node-hid', 'serialport', '@serialport/bindings-cpp'],
  noExternal: ESM_ONLY,
  esbuildOptions(options, { format }) {
    if (format === 'esm') options.external = [...(options.external ?? []), ...ESM_ONLY];
    else {
      // tsup turns split ESM chunks into CJS with sucrase, which breaks on jose's
      // `super(…), this.x = …` in classes with fields: esbuild lowers the fields first.
      options.supported = { ...options.supported, 'class-field': false, 'class-static-field': false };
      // CommonJS has no import.meta: the camera's WebAssembly is then found through __filename (Node) or configureCameraWasm.
      options.define = { ...options.define, 'import.meta.url': 'undefined' };
    }
  },
  onSuccess: async () => {
    const outDir = flags.outDir ?? 'dist';
    relativeSourceMaps(outDir);
    await shipCameraWasm(outDir, flags.entry !== undefined);
  },
}));
