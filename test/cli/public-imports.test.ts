/**
 * The CLI is built on the public API only: every import in src/cli is a
 * Node builtin, a dependency, another CLI file, or a public entry point
 * (src/index.ts or the index file of a subpath in package.json "exports").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
// An entry's source is its types file mapped back from dist/ to src/ (assets like the camera's WebAssembly have none).
const ENTRIES = new Set(
  Object.entries(pkg.exports)
    .filter(([k, v]) => k !== './package.json' && !(typeof v === 'string' && !/\.[cm]?js$/.test(v)))
    .map(([k, v]) => {
      const types = (v as { import?: { types?: string } }).import?.types;
      return types?.startsWith('./dist/') ? `src/${types.slice('./dist/'.length, -'.d.ts'.length)}.ts` : k === '.' ? 'src/index.ts' : `src/${k.slice(2)}/index.ts`;
    }),
);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

describe('src/cli imports', () => {
  it('finds imports of every form', () => {
    const source = `import { a } from '../x.js';\nimport type {\n  B,\n} from "../y.js";\nexport * from './z.js';\nconst m = await import('../w.js');\nimport './side.js';`;
    expect(specifiers(source).sort()).toEqual(['../w.js', '../x.js', '../y.js', './side.js', './z.js']);
  });

  it('reach the library only through its public entry points', () => {
    const offending: string[] = [];
    const cliFiles = files('src/cli');
    expect(cliFiles.length).toBeGreaterThan(10);
    for (const file of cliFiles) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue; // node: builtins and dependencies
        const target = relative('.', resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
        if (target.startsWith('src/cli/') || ENTRIES.has(target)) continue;
        offending.push(`${file}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
