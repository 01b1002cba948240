/**
 * scripts/check-subpaths.mjs: the public API's TSDoc names the entry points
 * that export each name, and those exist in package.json "exports". Checked
 * here on small fixture packages that break each rule; `npm test` runs it on
 * this package before the build.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without declarations
import { checkSubpaths } from '../../scripts/check-subpaths.mjs';

type Result = { problems: string[]; names: number; entries: string[] };
const check = checkSubpaths as (root?: string) => Result;

function fixture(files: Record<string, string>, exports: Record<string, string> = { '.': './dist/index.js', './voucher': './dist/voucher/index.js' }): string {
  const root = mkdtempSync(join(tmpdir(), 'check-subpaths-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture-pkg', exports }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const GOOD = `/**
 * Adds.
 *
 * Exported from \`fixture-pkg\` and \`fixture-pkg/voucher\`.
 *
 * @param a One.
 * @param b Two.
 * @example
 * add(1, 2);
 */
export function add(a: number, b: number): number {
  return a + b;
}
/** A shape. Exported from \`fixture-pkg/voucher\`. */
export interface Shape { x: number }
`;

describe('check-subpaths', () => {
  it('passes a well-documented fixture', () => {
    const root = fixture({
      'src/voucher/index.ts': GOOD,
      'src/index.ts': `/** @module */\nexport { add } from './voucher/index.js';\n`,
    });
    expect(check(root).problems).toEqual([]);
  });

  it('fails when a documented subpath is not in "exports"', () => {
    const root = fixture({
      'src/voucher/index.ts': GOOD.replace('`fixture-pkg/voucher`.', '`fixture-pkg/voucher` and `fixture-pkg/missing`.'),
      'src/index.ts': `export { add } from './voucher/index.js';\n`,
    });
    expect(check(root).problems).toEqual([expect.stringMatching(/^add .*documents fixture-pkg\/missing, which package.json "exports" does not have/)]);
  });

  it('fails when an entry exports a name its TSDoc does not list, or lists an entry that does not export it', () => {
    const root = fixture({
      'src/voucher/index.ts': GOOD,
      'src/index.ts': `export { add, type Shape } from './voucher/index.js';\n`,
    });
    expect(check(root).problems).toEqual([expect.stringMatching(/^Shape .*exported from fixture-pkg but its TSDoc does not say so/)]);
    const other = fixture({ 'src/voucher/index.ts': GOOD, 'src/index.ts': `export {};\n` });
    expect(check(other).problems).toEqual([expect.stringMatching(/^add .*documents fixture-pkg, which does not export it/)]);
  });

  it('fails on a missing summary, @example or @param, and on an entry without a source file', () => {
    const root = fixture(
      {
        'src/voucher/index.ts': `export function bare(x: number) { return x; }\n/**\n * Doubles. Exported from \`fixture-pkg/voucher\`.\n * @param x The number.\n */\nexport const double = (x: number, y = 2) => x * y;\n`,
        'src/index.ts': `export {};\n`,
      },
      { '.': './dist/index.js', './voucher': './dist/voucher/index.js', './gone': './dist/gone/index.js' },
    );
    expect(check(root).problems.sort()).toEqual([
      expect.stringMatching(/^bare .*no TSDoc summary/),
      expect.stringMatching(/^double .*no @example/),
      expect.stringMatching(/^double .*no @param y/),
      expect.stringMatching(/^fixture-pkg\/gone: no entry source/),
    ]);
  });

  it("fails when an example imports from an entry point that is not in exports, or one that does not export the name", () => {
    const root = fixture({
      'src/voucher/index.ts': GOOD.replace(' * add(1, 2);', " * import {\n *   add,\n *   type Shape,\n * } from 'fixture-pkg/voucher';\n * import { add as plus } from 'fixture-pkg';\n * import { nothing } from 'fixture-pkg/voucher';\n * import { x } from 'fixture-pkg/nope';\n * add(1, 2);"),
      'src/index.ts': `export { add } from './voucher/index.js';\n`,
    });
    expect(check(root).problems).toEqual([
      expect.stringMatching(/^add .*example imports nothing from fixture-pkg\/voucher, which does not export it/),
      expect.stringMatching(/^add .*example imports from fixture-pkg\/nope, which package.json "exports" does not have/),
    ]);
  });
});
