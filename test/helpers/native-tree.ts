/**
 * A throwaway install of the built package in which some native addons have
 * lost their binary, as after an Electron upgrade without a rebuild or a pnpm
 * install that skipped build scripts. Everything else is a symlink into the
 * repository's node_modules; the shared tree itself is never changed.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { DIST } from './cli.js';

const MODULES = resolve('node_modules');

export interface NativeTree {
  /** The project directory (its node_modules holds yibao-pos). */
  dir: string;
  /** The installed package's bin script. */
  bin: string;
  remove(): void;
}

/**
 * `stripped` maps a package to the folders (relative to it) that hold its
 * binary; those packages are real copies without them. `copied` packages are
 * real copies too, so they resolve their dependencies inside the tree (a
 * symlinked serialport would find the intact @serialport/bindings-cpp).
 * `omitted` packages are left out, as an optional dependency not installed.
 */
export function nativeTree(stripped: Record<string, string[]>, copied: string[] = [], omitted: string[] = []): NativeTree {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-native-'));
  const nm = join(dir, 'node_modules');
  const pkg = join(nm, 'yibao-pos');
  mkdirSync(pkg, { recursive: true });
  cpSync('package.json', join(pkg, 'package.json'));
  cpSync('bin', join(pkg, 'bin'), { recursive: true });
  cpSync(DIST, join(pkg, 'dist'), { recursive: true, filter: (f) => !/\.(map|d\.ts|d\.cts)$/.test(f) });

  const place = (name: string): void => {
    const from = join(MODULES, name);
    const to = join(nm, name);
    const drop = stripped[name];
    if (drop) {
      cpSync(from, to, { recursive: true, filter: (f) => !drop.some((d) => (relative(from, f) + sep).startsWith(d + sep)) });
    } else if (copied.includes(name)) {
      cpSync(from, to, { recursive: true });
    } else {
      symlinkSync(from, to, 'junction');
    }
  };
  for (const entry of readdirSync(MODULES)) {
    if (entry.startsWith('.') || entry === 'yibao-pos' || omitted.includes(entry)) continue;
    if (entry.startsWith('@')) {
      mkdirSync(join(nm, entry));
      for (const sub of readdirSync(join(MODULES, entry))) place(`${entry}/${sub}`);
    } else {
      place(entry);
    }
  }
  return { dir, bin: join(pkg, 'bin', 'yibao-pos'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
