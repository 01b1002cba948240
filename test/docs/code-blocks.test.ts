/**
 * Every ```ts block in README.md and docs/*.md type-checks under the
 * project's strict settings, each as a module of its own; README's sale from
 * code is also run against the built package; and README's lists of runtime
 * dependencies and subpaths say what package.json says.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve('.');
const OUT = join(ROOT, '.docs-check');
const PAGES = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

interface Block {
  page: string;
  line: number;
  code: string;
}

function tsBlocks(page: string): Block[] {
  const lines = readFileSync(page, 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith('```')) end++;
    blocks.push({ page, line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

const blocks = PAGES.flatMap(tsBlocks);
const fileOf = (b: Block, i: number): string => join(OUT, `${b.page.replace(/[^\w]+/g, '_')}_${b.line}_${i}.ts`);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('code blocks in README.md and docs/', () => {
  it('type-check, each as a module, under the strict project settings', () => {
    expect(blocks.length).toBeGreaterThan(2);
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    // A block without import or export is made a module, so top-level await and its names stay its own.
    const files = blocks.map((b, i) => {
      const file = fileOf(b, i);
      writeFileSync(file, /^\s*(import|export)\b/m.test(b.code) ? b.code : `${b.code}\nexport {};\n`);
      return file;
    });
    const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const program = ts.createProgram(files, { ...config.options, noEmit: true, noUnusedLocals: false });
    const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(resolve(d.file.fileName)));
    const where = (d: ts.Diagnostic): string => {
      const i = files.indexOf(resolve(d.file!.fileName));
      const b = blocks[i]!;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${b.page}:${b.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    };
    expect(problems.map(where)).toEqual([]);
  }, 120_000);

  it("README's sale from code runs against the built package and prints a receipt", async () => {
    const first = tsBlocks('README.md')[0]!;
    mkdirSync(OUT, { recursive: true });
    const js = ts.transpileModule(first.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const file = join(OUT, 'readme-sale.mjs');
    writeFileSync(file, js);
    const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: ROOT, timeout: 60_000 });
    expect(stdout).toMatch(/合计 +26\.80/);
  }, 90_000);

  it("README's runtime dependencies and subpaths are package.json's", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; exports: Record<string, unknown> };
    const readme = readFileSync('README.md', 'utf8');
    const listed = (label: string): string[] => [...(new RegExp(`^- ${label}: (.*)$`, 'm').exec(readme)?.[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    expect(listed('Runtime dependencies').sort()).toEqual(Object.keys(pkg.dependencies).sort());
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json' && !k.endsWith('.wasm')).map((k) => (k === '.' ? 'yibao-pos' : `yibao-pos/${k.slice(2)}`));
    expect(listed('Subpaths').sort()).toEqual(subpaths.sort());
  });
});
