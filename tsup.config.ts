import { copyFile, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

/**
 * zxing-cpp's WebAssembly ships beside every built file that asks for it with
 * `new URL('./zxing_reader.wasm', import.meta.url)` (and in dist/camera/, the
 * documented place), so browsers and bundlers find it without a CDN.
 */
/** tsup does not hand onSuccess its options; `--out-dir X` / `-d X` is read back from the command line. */
function outDirFromArgv(): string {
  const argv = process.argv;
  const i = argv.findIndex((a) => a === '--out-dir' || a === '-d');
  const inline = argv.find((a) => a.startsWith('--out-dir='));
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : inline ? inline.slice('--out-dir='.length) : 'dist';
}

async function shipCameraWasm(outDir: string): Promise<void> {
  const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const dirs = new Set([join(outDir, 'camera')]);
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (/\.c?js$/.test(e.name) && (await readFile(path, 'utf8')).includes('./zxing_reader.wasm')) dirs.add(dirname(path));
    }
  };
  await walk(outDir);
  await Promise.all([...dirs].map((d) => copyFile(wasm, join(d, 'zxing_reader.wasm'))));
}

// One entry per public subpath (package.json "exports"), plus the CLI.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'voucher/index': 'src/voucher/index.ts',
    'scanner/index': 'src/scanner/index.ts',
    'pin/index': 'src/pin/index.ts',
    'pin/browser': 'src/pin/browser.ts',
    'gateway/index': 'src/gateway/index.ts',
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
  clean: true,
  target: 'node20',
  splitting: true,
  // Native addons stay runtime requires, loaded lazily by the drivers that need them.
  external: ['better-sqlite3', 'node-hid', 'serialport', '@serialport/bindings-cpp'],
  // CommonJS has no import.meta: the camera's WebAssembly is then found through __filename (Node) or configureCameraWasm.
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.define = { ...options.define, 'import.meta.url': 'undefined' };
  },
  onSuccess: () => shipCameraWasm(outDirFromArgv()),
});
