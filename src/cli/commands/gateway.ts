/**
 * `yibao-pos gateway init|serve`: make a local environment, and run the
 * settlement gateway simulator over it until SIGINT/SIGTERM.
 *
 * @module
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { fenToYuan, readTerminalSettings, writeTerminalSettings } from '../../index.js';
import { envPaths, envTills, initEnvironment, PROFILES, resetPinTries, SimError, startSimulator, type EnvSettings, type PersonCase, type ProfileName } from '../../sim/index.js';
import { UsageError } from '../exit.js';

/** A plain text table; CJK names count as two columns. */
function table(rows: string[][]): string {
  const width = (s: string): number => [...s].reduce((w, ch) => w + (/[\u1100-\uffdc]/.test(ch) ? 2 : 1), 0);
  const cols = rows[0]?.length ?? 0;
  const widths = Array.from({ length: cols }, (_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows.map((r) => r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ').trimEnd()).join('\n');
}

export function personsTable(persons: PersonCase[]): string {
  return table([
    ['case', 'name', 'sub', 'psn_no', 'insutype', 'pin', 'balance(yuan)'],
    ...persons.map((p) => [p.case, p.name, p.sub, p.psn_no, p.insutype, p.pin, p.account ? fenToYuan(p.balanceFen) : '-']),
  ]);
}

/** `--tills`' usage message; with the most tills a chain may have once initEnvironment said it (the journal's msgid blocks). */
const tillsUsage = (value: string, max?: unknown) =>
  new UsageError(`--tills must be ${max === undefined ? 'whole numbers from 1' : `1..${max}`}, or tills per pharmacy like 2,1${max === undefined ? '' : ` (${max} in all)`}, got ${value}`);

/** `N` (one pharmacy) or `N,M,…` (a chain: tills per pharmacy); the total is checked by initEnvironment (SIM_TILLS_INVALID). */
function tillCount(value: string): number | number[] {
  const parts = value.split(',');
  const counts = parts.map(Number);
  const ok = parts.every((p) => /^[0-9]{1,3}$/.test(p)) && counts.every((n) => n >= 1);
  if (!ok) throw tillsUsage(value);
  return parts.length === 1 ? counts[0]! : counts;
}

function port(value: string): number {
  const n = Number(value);
  if (!/^[0-9]{1,5}$/.test(value) || n > 65535) throw new UsageError(`--port must be 0..65535, got ${value}`);
  return n;
}

function wireProfile(value: string): 'ours' | 'national' {
  if (value !== 'ours' && value !== 'national') throw new UsageError(`--profile must be ours or national, got ${value}`);
  return value;
}

function profileOption(value: string): ProfileName {
  if (!(PROFILES as readonly string[]).includes(value)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, got ${value}`);
  return value as ProfileName;
}

async function serve(opts: { dir: string; port: number; host: string; profile?: ProfileName }): Promise<void> {
  const paths = envPaths(opts.dir);
  let settings: EnvSettings;
  try {
    settings = JSON.parse(await readFile(paths.settings, 'utf8')) as EnvSettings;
  } catch {
    throw new SimError('SIM_ENV_MISSING', { details: { dir: opts.dir } });
  }
  // One simulator per folder: a second would rewrite the URL the tills use and leave it dead when it stops.
  const running = await liveServer(opts.dir);
  if (running) throw new UsageError(`a simulator already serves ${opts.dir} at ${running.url} (pid ${running.pid}); stop it first, or use another --dir`);
  const sim = await startSimulator({ dir: opts.dir, port: opts.port, host: opts.host, ...(opts.profile ? { profile: opts.profile } : {}) }).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`--port ${opts.port}: the port is in use on ${opts.host}; choose another, or --port 0 for any free one`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`--host ${opts.host}: no such address on this machine`);
    throw err;
  });
  await writeFile(pidFile(opts.dir), `${JSON.stringify({ pid: process.pid, url: sim.url })}\n`, { mode: 0o600 });
  await writeFile(paths.settings, `${JSON.stringify({ ...settings, url: sim.url }, null, 2)}\n`);
  // The terminal's settings (terminal.json) name this simulator as its gateway.
  const terminal = await readTerminalSettings(opts.dir);
  await writeTerminalSettings(opts.dir, { ...terminal, gateway: { ...terminal.gateway, url: sim.url } });
  process.stdout.write(`listening on ${sim.url}\n`);
  // /admin/* and /notices need it (Authorization: Bearer); the CLI and tests read it from DIR/admin-token.
  process.stdout.write(`admin token ${sim.adminToken} (kept in ${paths.adminToken})\n`);
  await new Promise<void>((resolve) => {
    // Started through npx or a shell wrapper, a kill may reach only the parent: an orphaned server stops itself.
    const parent = process.ppid;
    const orphanCheck = setInterval(() => {
      if (process.ppid !== parent) stop();
    }, 1000).unref();
    const stop = (): void => {
      clearInterval(orphanCheck);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sim.close().then(() => rm(pidFile(opts.dir), { force: true })).then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write('stopped\n');
}

const pidFile = (dir: string): string => join(dir, 'gateway.pid');

/** The simulator already serving DIR, if its process is still alive. */
async function liveServer(dir: string): Promise<{ pid: number; url: string } | undefined> {
  let info: { pid?: unknown; url?: unknown };
  try {
    info = JSON.parse(await readFile(pidFile(dir), 'utf8')) as typeof info;
  } catch {
    return undefined;
  }
  if (typeof info.pid !== 'number' || typeof info.url !== 'string' || info.pid === process.pid) return undefined;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    // EPERM: alive under another user; ESRCH: gone (a stale file from a killed server).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return { pid: info.pid, url: info.url };
}

/** `gateway reset-pin`: the person's PIN tries reset on the running simulator. */
async function resetPin(opts: { dir: string; sub: string; gateway?: string }): Promise<void> {
  let persons: PersonCase[];
  try {
    persons = JSON.parse(await readFile(envPaths(opts.dir).persons, 'utf8')) as PersonCase[];
  } catch {
    throw new SimError('SIM_ENV_MISSING', { details: { dir: opts.dir } });
  }
  const person = persons.find((p) => p.sub === opts.sub || p.psn_no === opts.sub);
  if (!person) throw new UsageError(`--sub ${opts.sub}: no such person in ${opts.dir} (one of: ${persons.map((p) => p.sub).join(', ')})`);
  const url = opts.gateway ?? (await liveServer(opts.dir))?.url ?? (await readFile(envPaths(opts.dir).settings, 'utf8').then((t) => (JSON.parse(t) as EnvSettings).url, () => undefined));
  if (!url) throw new UsageError(`no simulator serves ${opts.dir}: start \`yibao-pos gateway serve --dir ${opts.dir}\` (or give --gateway URL)`);
  try {
    await resetPinTries({ url, psnNo: person.psn_no, dir: opts.dir });
  } catch (err) {
    throw new UsageError(`reset-pin: ${url} did not reset the tries (${(err as Error).message})`);
  }
  process.stdout.write(`密码错误次数已清零 / PIN tries reset: ${person.name} ${person.sub} (psn_no ${person.psn_no}); PIN ${person.pin}\n`);
}

export function registerGateway(program: Command): void {
  const gateway = program.command('gateway').description('Settlement gateway simulator (loopback, SQLite ledger)');
  gateway
    .command('init')
    .description('Make keys, a trust list and a seeded ledger in DIR')
    .requiredOption('--dir <dir>', 'environment directory')
    .option('--tills <N>', 'tills of the pharmacy, each with its own terminal key and dev_no, all registered (default 1); N,M,… makes a chain: N tills in the first pharmacy, M in the second… numbered across the chain', tillCount, 1 as number | number[])
    .option('--json', 'print JSON instead of a table')
    .option('--profile <ours|national>', 'the wire of the environment: ours (/trans, X-Yb-Signature) or national (service path, x-tif headers, SM2/SM4, the local voucher service); default ours', wireProfile)
    .action(async (opts: { dir: string; tills: number | number[]; json?: boolean; profile?: 'ours' | 'national' }) => {
      const { persons, settings } = await initEnvironment({ dir: opts.dir, tills: opts.tills, ...(opts.profile ? { profile: opts.profile } : {}) }).catch((err: unknown) => {
        throw SimError.is(err) && err.code === 'SIM_TILLS_INVALID' ? tillsUsage([opts.tills].flat().join(','), err.details.max) : err;
      });
      const tills = envTills(settings);
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ persons, tills }, null, 2)}\n`
          : `${personsTable(persons)}\n${tills.length > 1 ? `\n${table([['till', 'kid', 'dev_no', 'pharmacy'], ...tills.map((t) => [String(t.till), t.kid, t.devNo, t.pharmacy])])}\n` : ''}`,
      );
    });
  gateway
    .command('serve')
    .description('Run the simulator over DIR; prints its URL first; stops on SIGINT/SIGTERM')
    .requiredOption('--dir <dir>', 'environment directory')
    .option('--port <n>', 'port (0 = any free one)', port, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--profile <name>', 'answer shape: extended (with err_code, tries_left) or national (exactly the real shape); default: national for an environment made with init --profile national, else extended', profileOption)
    .action(serve);
  gateway
    .command('reset-pin')
    .description("Reset a test person's wrong-PIN count and lock on the running simulator")
    .requiredOption('--dir <dir>', 'environment directory (its persons and the running simulator)')
    .requiredOption('--sub <id>', 'the person: credential id (sub) or psn_no')
    .option('--gateway <URL>', 'the simulator (default: the one serving DIR)')
    .action(resetPin);
}
