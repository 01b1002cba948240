/**
 * docs/events.md lists, under a heading per `…Events` interface exported
 * from src/, exactly the events that interface declares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Interface name → its property names, for every exported `interface XEvents`. */
function eventInterfaces(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    if (!/export interface \w+Events\b/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    for (const node of sf.statements) {
      if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith('Events')) continue;
      if (!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const names = node.members.flatMap((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : []));
      found.set(node.name.text, names);
    }
  }
  return found;
}

/** Heading → the event names in the first column of its table. */
function documented(): Map<string, string[]> {
  const doc = readFileSync('docs/events.md', 'utf8');
  const out = new Map<string, string[]>();
  for (const section of doc.split(/^## /m).slice(1)) {
    const [heading, ...lines] = section.split('\n');
    out.set(heading!.trim(), lines.flatMap((l) => /^\| `([^`]+)` \|/.exec(l)?.[1] ?? []));
  }
  return out;
}

describe('docs/events.md', () => {
  it('has a section per exported …Events interface listing exactly its events', () => {
    const code = eventInterfaces();
    const docs = documented();
    expect(code.size).toBeGreaterThanOrEqual(4);
    expect([...docs.keys()].sort()).toEqual([...code.keys()].sort());
    for (const [name, events] of code) expect(docs.get(name)?.sort(), name).toEqual([...events].sort());
  });
});
