/** The scanner area imports nothing of the camera (the camera may read scans' shape and errors, not the other way round). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('src/scanner', () => {
  it('has no import of src/camera (no scanner ↔ camera cycle)', () => {
    const offenders = files('src/scanner').filter((f) => /from '(\.\.\/)+camera\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
