// @ts-check
// The kiosk launcher: bundles the service (TypeScript, under service/) for
// Node with esbuild, then runs it. The page's script is bundled by the
// service itself when it starts.
//
//   npm run kiosk -- --dir DIR --port P [--gateway URL]
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const outfile = `${here}.build/main.mjs`;
await build({
  entryPoints: [`${here}service/main.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'error',
  tsconfigRaw: {},
});
const { main } = await import(pathToFileURL(outfile).href);
await main(process.argv.slice(2));
