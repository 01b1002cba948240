import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';

/**
 * Where the built package is. `npm test` builds into dist/; a developer
 * building elsewhere (e.g. `npx tsup --out-dir .build/x`) sets YIBAO_DIST.
 */
export const DIST = resolve(process.env.YIBAO_DIST ?? 'dist');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with `args`, feeding `input` on stdin. */
export function runCli(args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** An environment made by `gateway init --dir DIR --json` with `initArgs`, in a temp folder, and its simulator. */
export interface CliEnv {
  root: string;
  dir: string;
  sim: Simulator;
  persons: PersonCase[];
  tills: Array<{ till: number; kid: string; devNo: string; pharmacy: string }>;
  close(): Promise<void>;
}

/** Runs `gateway init` through the CLI (it must succeed) and starts the simulator over it. */
export async function cliEnv(prefix: string, initArgs: string[]): Promise<CliEnv> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const dir = join(root, 'env');
  const init = await runCli(['gateway', 'init', '--dir', dir, '--json', ...initArgs]);
  if (init.code !== 0) throw new Error(`gateway init ${initArgs.join(' ')} exited ${init.code}: ${init.stderr}`);
  const { persons, tills } = JSON.parse(init.stdout) as Pick<CliEnv, 'persons' | 'tills'>;
  const sim = await startSimulator({ dir, port: 0 });
  return {
    root,
    dir,
    sim,
    persons,
    tills,
    close: async () => {
      await sim.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
