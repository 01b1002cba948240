#!/usr/bin/env node
/**
 * Checks the public API's documentation against package.json "exports":
 * every name an entry point exports carries TSDoc with a summary and a line
 * `Exported from \`yibao-pos/…\`` naming exactly the entry points that
 * export it, each of which must be in "exports"; functions and classes and
 * constants also carry `@example`, and functions a `@param` per parameter.
 * An example's imports from the package must name an entry point in
 * "exports" that exports what it imports.
 * Entry points: the source of each "exports" entry's types file
 * (`./dist/x/y.d.ts` is src/x/y.ts; else "." is src/index.ts and "./x"
 * src/x/index.ts); entries that name a plain file that is not a module (the
 * camera's WebAssembly) have no source and are skipped.
 *
 * Usage: node scripts/check-subpaths.mjs [ROOT]   (exit 1 with a list of problems)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** `yibao-pos`, `yibao-pos/voucher`… named in an "Exported from" sentence. */
const EXPORTED_FROM = /Exported from ((?:`[^`]+`(?:,\s*|\s+and\s+|\s*)?)+)/g;

function documentedSubpaths(text) {
  const out = new Set();
  for (const m of text.matchAll(EXPORTED_FROM)) for (const n of m[1].matchAll(/`([^`]+)`/g)) out.add(n[1]);
  return out;
}

/** The node whose JSDoc documents a declaration (a variable's statement, the declaration itself otherwise). */
function docHost(decl) {
  if (ts.isVariableDeclaration(decl) && decl.parent && decl.parent.parent && ts.isVariableStatement(decl.parent.parent)) return decl.parent.parent;
  return decl;
}

function jsDocs(decl) {
  return (ts.getJSDocCommentsAndTags(decl) ?? []).filter((n) => ts.isJSDoc(n));
}

function callableParams(decl) {
  if (ts.isFunctionDeclaration(decl)) return decl.parameters;
  if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer.parameters;
  return undefined;
}

/** An "exports" entry naming a plain file that is not a module (e.g. WebAssembly): no source to check. */
export const isAsset = (target) => typeof target === 'string' && !/\.[cm]?js$/.test(target);

/** The source file of an "exports" entry: its import types file mapped back from dist/ to src/. */
export function entrySource(key, target) {
  const types = target?.import?.types ?? target?.types;
  if (typeof types === 'string' && types.startsWith('./dist/') && types.endsWith('.d.ts')) return `src/${types.slice('./dist/'.length, -'.d.ts'.length)}.ts`;
  return key === '.' ? 'src/index.ts' : `src/${key.slice(2)}/index.ts`;
}

/** Problems of the package at `root`, as lines; empty when all is well. */
export function checkSubpaths(root = '.') {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const problems = [];
  const entries = new Map(); // public name -> source file
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    if (key === './package.json' || isAsset(target)) continue;
    const file = resolve(root, entrySource(key, target));
    const name = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
    if (!existsSync(file)) problems.push(`${name}: no entry source ${file}`);
    else entries.set(name, file);
  }
  const program = ts.createProgram([...entries.values()], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const exported = new Map(); // resolved symbol -> { name, from: Set<entry> }
  const namesOf = new Map(); // entry -> names it exports
  for (const [name, file] of entries) {
    const sf = program.getSourceFile(file);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) {
      problems.push(`${name}: ${file} is not a module`);
      continue;
    }
    namesOf.set(name, new Set(checker.getExportsOfModule(moduleSymbol).map((sym) => sym.getName())));
    for (const sym of checker.getExportsOfModule(moduleSymbol)) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const seen = exported.get(target) ?? { name: sym.getName(), from: new Set() };
      seen.from.add(name);
      exported.set(target, seen);
    }
  }
  for (const [symbol, { name, from }] of exported) {
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!decl) continue;
    const where = `${name} (${ts.sys.useCaseSensitiveFileNames ? '' : ''}${decl.getSourceFile().fileName.replace(`${resolve(root)}/`, '')})`;
    const docs = jsDocs(docHost(decl));
    const text = docs.map((d) => d.getText()).join('\n');
    if (docs.length === 0 || symbol.getDocumentationComment(checker).length === 0) {
      problems.push(`${where}: no TSDoc summary`);
      continue;
    }
    const named = documentedSubpaths(text);
    if (named.size === 0) problems.push(`${where}: no "Exported from \`${pkg.name}…\`" line`);
    for (const n of named) {
      if (!entries.has(n)) problems.push(`${where}: documents ${n}, which package.json "exports" does not have`);
      else if (!from.has(n)) problems.push(`${where}: documents ${n}, which does not export it`);
    }
    for (const n of from) if (named.size > 0 && !named.has(n)) problems.push(`${where}: exported from ${n} but its TSDoc does not say so`);
    // Examples import from entry points too: each must exist and export what is imported.
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
      const [, list, spec] = m;
      if (spec !== pkg.name && !spec.startsWith(`${pkg.name}/`)) continue;
      const names = namesOf.get(spec);
      if (!names) {
        problems.push(`${where}: its example imports from ${spec}, which package.json "exports" does not have`);
        continue;
      }
      const items = list.replace(/[\s*]+/g, ' ').split(',').map((x) => x.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]);
      for (const item of items.filter(Boolean)) {
        if (!names.has(item)) problems.push(`${where}: its example imports ${item} from ${spec}, which does not export it`);
      }
    }
    const isValue = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable)) !== 0;
    const tags = docs.flatMap((d) => [...(d.tags ?? [])]);
    if (isValue && !tags.some((t) => t.tagName.text === 'example')) problems.push(`${where}: no @example`);
    const params = callableParams(decl);
    if (params) {
      const documented = new Set(tags.filter((t) => ts.isJSDocParameterTag(t)).map((t) => t.name.getText()));
      for (const p of params) {
        const pname = p.name.getText();
        if (ts.isIdentifier(p.name) && !documented.has(pname)) problems.push(`${where}: no @param ${pname}`);
      }
    }
  }
  return { problems, names: exported.size, entries: [...entries.keys()] };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { problems, names, entries } = checkSubpaths(process.argv[2] ?? '.');
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\ncheck-subpaths: ${problems.length} problem(s) in ${names} public names\n`);
    process.exit(1);
  }
  process.stdout.write(`check-subpaths: ${names} public names documented, from ${entries.join(', ')}\n`);
}
