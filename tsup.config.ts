import { defineConfig } from 'tsup';

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
});
