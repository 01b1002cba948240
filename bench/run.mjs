// Runs every bench/*.bench.mjs in name order. Each exports `run()` that
// prints its own figures beside a baseline measured in the same run.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  const mod = await import(pathToFileURL(join(here, f)).href);
  console.log(`\n## ${f.replace('.bench.mjs', '')}`);
  await mod.run();
}
