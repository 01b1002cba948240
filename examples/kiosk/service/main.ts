/**
 * `npm run kiosk -- --dir DIR --port P [--gateway URL] [--host H] [--idle-seconds S]`
 *
 * Starts the kiosk's local service and serves its page. With `--dir` holding
 * an environment made by `yibao-pos gateway init` and no `--gateway`, the
 * simulator is started on loopback too; with no `--dir`, a temporary
 * environment is made and its test persons and PINs are printed. Prints a
 * line with `kiosk ready` and the URL once it serves.
 *
 * @module
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jsonLineLogger, YibaoError } from 'yibao-pos';
import { envPaths, initEnvironment, SimError, startSimulator, terminalConfigFromEnv } from 'yibao-pos/sim';
import { DEMO_BASKET } from './basket.js';
import { isLoopback, startKioskServer } from './http.js';
import { Kiosk } from './kiosk.js';
import { pageAssets } from './page-assets.js';
import { personsTable, walletRoutes } from './wallet.js';

const USAGE = 'usage: npm run kiosk -- [--dir DIR] [--port P] [--gateway URL] [--host 127.0.0.1] [--token T (required with a --host beyond loopback; or KIOSK_TOKEN)] [--idle-seconds 30]';

export async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        port: { type: 'string', default: '0' },
        gateway: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string' },
        'idle-seconds': { type: 'string', default: '30' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (err) {
    return usageError((err as Error).message);
  }
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const port = Number(args.port);
  const idleSeconds = Number(args['idle-seconds']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(`--port must be 0-65535, not ${args.port}`);
  if (!Number.isFinite(idleSeconds) || idleSeconds <= 0 || idleSeconds > 3600) return usageError('--idle-seconds must be a number of seconds from 1 to 3600');
  const token = args.token ?? process.env.KIOSK_TOKEN;
  if (!isLoopback(args.host) && (token === undefined || !/^[A-Za-z0-9_-]{16,}$/.test(token))) {
    return usageError(`--host ${args.host} serves the kiosk beyond this machine: give --token T (16 or more letters, digits, - or _; or KIOSK_TOKEN)`);
  }

  const out = (s: string) => process.stdout.write(`${s}\n`);
  const logger = jsonLineLogger((line) => process.stderr.write(line));
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const c of closers.splice(0)) await c().catch(() => undefined);
  };
  try {
    let dir = args.dir;
    if (dir === undefined) {
      dir = await mkdtemp(join(tmpdir(), 'yibao-kiosk-'));
      const temp = dir;
      closers.push(() => rm(temp, { recursive: true, force: true }));
      const { persons } = await initEnvironment({ dir });
      out(`temporary environment ${dir}\ntest persons (show their code from the wallet page; type the PIN on the kiosk):\n${personsTable(persons)}\n`);
    } else if (!(await stat(envPaths(dir).settings).then(() => true, () => false))) {
      throw new SimError('SIM_ENV_MISSING', { details: { dir } });
    }
    let gatewayUrl = args.gateway;
    const local = gatewayUrl === undefined;
    if (gatewayUrl === undefined) {
      const sim = await startSimulator({ dir });
      closers.unshift(() => sim.close());
      gatewayUrl = sim.url;
      out(`gateway simulator ${sim.url}`);
    }
    const config = await terminalConfigFromEnv(dir, { url: gatewayUrl, stateDir: join(dir, 'kiosk') });
    const kiosk = await Kiosk.open({
      terminal: { ...config, gateway: { ...config.gateway, opterType: 2 }, logger }, // opter_type 2: self-service kiosk
      basket: DEMO_BASKET,
      idleMs: idleSeconds * 1000,
      logger,
    });
    closers.unshift(() => kiosk.close());
    const server = await startKioskServer({ kiosk, assets: await pageAssets(), routes: local ? await walletRoutes(dir) : {}, host: args.host, port, logger, ...(token ? { token } : {}) });
    closers.unshift(() => server.close());
    if (!isLoopback(args.host)) out(`served beyond loopback: other machines open ${server.url}?token=… (the --token given); the test wallet stays loopback only`);
    if (local) out(`wallet (test codes to show the camera) ${isLoopback(args.host) ? server.url : `http://127.0.0.1:${server.port}/`}wallet`);
    out(`kiosk ready ${server.url}`);
  } catch (err) {
    await closeAll();
    if (!YibaoError.is(err)) throw err;
    process.stderr.write(`${err.code}: ${err.messages.zh} / ${err.messages.en}\n`);
    process.exitCode = 1;
    return;
  }
  const stop = () => {
    void closeAll().then(() => process.exit(process.exitCode ?? 0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function usageError(message: string): void {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exitCode = 2;
}
