/**
 * scripts/check-cycles.mjs: no import cycle in src/, between files or
 * between folders. Checked here on small trees that break each rule (and
 * one that keeps them); `npm test` runs it on this package's src/ before
 * the build, as it does check-subpaths.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderKnots, importCycles } from '../../scripts/check-cycles.mjs';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-cycles-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('import cycle check', () => {
  it('finds a file cycle made of type-only imports', async () => {
    const root = tree({
      'g/types.ts': "import type { A } from './a.js';\nexport type T = A | 1;\n",
      'g/a.ts': "import type { T } from './types.js';\nexport type A = { t?: T };\n",
    });
    const { files } = await importCycles(root);
    expect(files).toEqual([['g/a.ts', 'g/types.ts']]);
  });

  it('finds sibling folders that import each other', async () => {
    const root = tree({
      'scanner/a.ts': "import { c } from '../camera/c.js';\nexport const a = c + 1;\n",
      'camera/c.ts': 'export const c = 1;\n',
      'camera/d.ts': "import { a } from '../scanner/a.js';\nexport const d = a;\n",
    });
    const { files, folders } = await importCycles(root);
    expect(files).toEqual([]);
    expect(folders).toEqual([{ at: '.', knot: ['camera/', 'scanner/'] }]);
  });

  it('finds a file and a subfolder of one folder that loop through another file', () => {
    const graph = { 'g/a.ts': ['g/sub/x.ts'], 'g/sub/x.ts': [], 'g/sub/y.ts': ['g/b.ts'], 'g/b.ts': ['g/a.ts'] };
    expect(folderKnots(graph)).toEqual([{ at: 'g', knot: ['g/a.ts', 'g/b.ts', 'g/sub/'] }]);
  });

  it('lets a folder use its subfolders when nothing loops back', () => {
    const graph = { 'g/client.ts': ['g/tx/a.ts', 'g/errors.ts'], 'g/tx/a.ts': ['g/errors.ts', 'g/types.ts'], 'g/errors.ts': [], 'g/types.ts': [] };
    expect(folderKnots(graph)).toEqual([]);
  });
});
