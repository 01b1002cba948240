/**
 * `yibao-pos gateway init|serve`: make a local environment, and run the
 * settlement gateway simulator over it until SIGINT/SIGTERM.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { fenToYuan, readTerminalSettings, writeTerminalSettings, MAX_TILLS } from '../../index.js';
import { envPaths, envTills, initEnvironment, PROFILES, SimError, startSimulator, type EnvSettings, type PersonCase, type ProfileName } from '../../sim/index.js';
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

/** `N` (one pharmacy) or `N,M,…` (a chain: tills per pharmacy); at most MAX_TILLS in all. */
function tillCount(value: string): number | number[] {
  const parts = value.split(',');
  const counts = parts.map(Number);
  const ok = parts.every((p) => /^[0-9]{1,3}$/.test(p)) && counts.every((n) => n >= 1) && counts.reduce((a, b) => a + b, 0) <= MAX_TILLS;
  if (!ok) throw new UsageError(`--tills must be 1..${MAX_TILLS}, or tills per pharmacy like 2,1 (${MAX_TILLS} in all), got ${value}`);
  return parts.length === 1 ? counts[0]! : counts;
}

function port(value: string): number {
  const n = Number(value);
  if (!/^[0-9]{1,5}$/.test(value) || n > 65535) throw new UsageError(`--port must be 0..65535, got ${value}`);
  return n;
}

function profileOption(value: string): ProfileName {
  if (!(PROFILES as readonly string[]).includes(value)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, got ${value}`);
  return value as ProfileName;
}

async function serve(opts: { dir: string; port: number; host: string; profile: ProfileName }): Promise<void> {
  const paths = envPaths(opts.dir);
  let settings: EnvSettings;
  try {
    settings = JSON.parse(await readFile(paths.settings, 'utf8')) as EnvSettings;
  } catch {
    throw new SimError('SIM_ENV_MISSING', { details: { dir: opts.dir } });
  }
  const sim = await startSimulator({ dir: opts.dir, port: opts.port, host: opts.host, profile: opts.profile });
  await writeFile(paths.settings, `${JSON.stringify({ ...settings, url: sim.url }, null, 2)}\n`);
  // The terminal's settings (terminal.json) name this simulator as its gateway.
  const terminal = await readTerminalSettings(opts.dir);
  await writeTerminalSettings(opts.dir, { ...terminal, gateway: { ...terminal.gateway, url: sim.url } });
  process.stdout.write(`listening on ${sim.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sim.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write('stopped\n');
}

export function registerGateway(program: Command): void {
  const gateway = program.command('gateway').description('Settlement gateway simulator (loopback, SQLite ledger)');
  gateway
    .command('init')
    .description('Make keys, a trust list and a seeded ledger in DIR')
    .requiredOption('--dir <dir>', 'environment directory')
    .option('--tills <N>', 'tills of the pharmacy, each with its own terminal key and dev_no, all registered (default 1); N,M,… makes a chain: N tills in the first pharmacy, M in the second… numbered across the chain', tillCount, 1 as number | number[])
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { dir: string; tills: number | number[]; json?: boolean }) => {
      const { persons, settings } = await initEnvironment({ dir: opts.dir, tills: opts.tills });
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
    .option('--profile <name>', 'answer shape: extended (with err_code, tries_left) or national (exactly the real shape)', profileOption, 'extended' as ProfileName)
    .action(serve);
}
