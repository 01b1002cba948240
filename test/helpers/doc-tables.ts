/**
 * Reading what the docs promise beside what the source declares: the members
 * of an exported interface, and the names in the first column of a docs
 * page's table under a heading.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Interface name → its member names, for every exported interface in src/ whose name `match` accepts. */
export function exportedInterfaces(match: (name: string) => boolean): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('export interface')) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    for (const node of sf.statements) {
      if (!ts.isInterfaceDeclaration(node) || !match(node.name.text)) continue;
      if (!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const names = node.members.flatMap((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : []));
      found.set(node.name.text, names);
    }
  }
  return found;
}

/** `## heading` (or `### heading`) → the `code` names in the first column of the table under it. */
export function documentedTables(page: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const section of readFileSync(page, 'utf8').split(/^#{2,3} /m).slice(1)) {
    const [heading, ...lines] = section.split('\n');
    out.set(heading!.trim(), lines.flatMap((l) => /^\| `([^`]+)` \|/.exec(l)?.[1] ?? []));
  }
  return out;
}
