#!/usr/bin/env node
/**
 * No import cycle in src/, between files or between folders. The import
 * graph comes from madge (type-only imports count: a type cycle is still
 * a knot a reader must untie). Folder rule, at every folder D: its direct
 * files and its direct subfolders (each taken whole) are the nodes, and
 * they must not form a cycle. So `scanner/` ↔ `camera/` fails at src/, and
 * `gateway/types.ts` ↔ anything under `gateway/transactions/` would fail at gateway/,
 * while a folder's files may use each other and their subfolders freely
 * as long as nothing loops back.
 *
 * Usage: node scripts/check-cycles.mjs [srcDir]   (exit 1 on a cycle)
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

/** Strongly connected components of more than one node (Tarjan). */
function knots(graph) {
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])]);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** The node that stands for `file` at folder `dir` ('' is the root): a direct file, or a direct subfolder with a trailing '/'. */
function unitAt(dir, file) {
  const prefix = dir === '' ? '' : `${dir}/`;
  if (!file.startsWith(prefix)) return undefined;
  const rest = file.slice(prefix.length).split('/');
  return rest.length > 1 ? `${prefix}${rest[0]}/` : `${prefix}${rest[0]}`;
}

/** The folder-level knots of a file graph (`{file: [files it imports]}`), each with the folder it was found at. */
export function folderKnots(obj) {
  const dirs = new Set(['']);
  for (const f of Object.keys(obj)) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const found = [];
  for (const dir of [...dirs].sort()) {
    const graph = new Map();
    for (const [file, deps] of Object.entries(obj)) {
      const a = unitAt(dir, file);
      if (a === undefined) continue;
      for (const dep of deps) {
        const b = unitAt(dir, dep);
        if (b === undefined || b === a) continue;
        if (!graph.has(a)) graph.set(a, new Set());
        graph.get(a).add(b);
      }
    }
    // A knot of files alone is a file cycle, reported as such.
    for (const knot of knots(graph)) if (knot.some((n) => n.endsWith('/'))) found.push({ at: dir === '' ? '.' : dir, knot });
  }
  return found;
}

/** `{ files, folders, count }`: file cycles (as madge reports them), folder knots, and how many files were read. */
export async function importCycles(srcDir = 'src', tsConfig = existsSync('tsconfig.json') ? 'tsconfig.json' : undefined) {
  const result = await madge(srcDir, {
    fileExtensions: ['ts', 'tsx', 'mts'],
    excludeRegExp: [/\.d\.ts$/],
    ...(tsConfig ? { tsConfig } : {}),
  });
  const obj = result.obj();
  return { files: result.circular(), folders: folderKnots(obj), count: Object.keys(obj).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = process.argv[2] ?? join(process.cwd(), 'src');
  const { files, folders, count } = await importCycles(src);
  for (const c of files) console.error(`file cycle: ${c.join(' -> ')}`);
  for (const k of folders) console.error(`folder cycle in ${k.at}/: ${k.knot.join(' <-> ')}`);
  console.log(`${count} files, ${files.length} file cycles, ${folders.length} folder cycles`);
  process.exitCode = files.length + folders.length > 0 ? 1 : 0;
}
