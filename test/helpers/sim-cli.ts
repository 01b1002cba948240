/**
 * End-to-end tests through the CLI against the simulator: a fresh
 * environment and simulator, `yibao-pos checkout --json` with its outcome
 * read, and the simulator's admin views.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { runCli } from './cli.js';
import { simAdminFetch } from '../../src/sim/admin-client.js';

export interface SimCli {
  dir: string;
  sim: Simulator;
  person(c: string): PersonCase;
  close(): Promise<void>;
}

export async function startSimCli(prefix: string): Promise<SimCli> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const { persons } = await initEnvironment({ dir });
  const sim = await startSimulator({ dir, port: 0 });
  return {
    dir,
    sim,
    person(c) {
      const p = persons.find((x) => x.case === c);
      if (!p) throw new Error(`no ${c}`);
      return p;
    },
    async close() {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface CheckoutOutcome {
  code: number | null;
  json: {
    ok: boolean;
    code?: string;
    receipt?: Record<string, unknown> & { msgid: string; setlId: string; verifiedBy: string; totalFen: number; acctPayFen: number };
    traceUploads?: Array<{ msgid: string; state: string; codes: number; attempts: number }>;
  };
  stderr: string;
}

/** `yibao-pos checkout --json --pin-stdin`, `input` on stdin (scans and PINs, one per line). */
export async function checkoutJson(env: SimCli, args: string[], input: string[]): Promise<CheckoutOutcome> {
  const r = await runCli(['checkout', '--dir', env.dir, '--gateway', env.sim.url, '--pin-stdin', '--json', ...args], { input: input.map((l) => `${l}\n`).join('') });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { code: r.code, json: JSON.parse(line) as CheckoutOutcome['json'], stderr: r.stderr };
  } catch {
    throw new Error(`no JSON on stdout (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

export async function admin<T>(env: SimCli, method: string, path: string, body?: unknown): Promise<T> {
  const res = await simAdminFetch(`${env.sim.url}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as T;
}

export async function balanceOf(env: SimCli, p: PersonCase): Promise<number | undefined> {
  const accounts = await admin<Array<{ psn_no: string; balanceFen: number }>>(env, 'GET', '/admin/accounts');
  return accounts.find((a) => a.psn_no === p.psn_no)?.balanceFen;
}
