/**
 * The parts of a `createTerminal` config that a simulator environment
 * provides (its `terminal.json`, see config/): the trust list and root key,
 * the key and dev_no of one till and the pharmacy settings, with the till's
 * own state (stored trust list, journal, which also keeps the used voucher
 * codes) in `stateDir`, so that several terminals can share one environment.
 *
 * @module
 */
import { join } from 'node:path';
import { loadTerminalConfig, type LoadedTerminalConfig } from '../config/load.js';

/**
 * Where till K keeps its state by default: DIR/terminal for till 1, DIR/terminal-K for the others.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param dir The environment made by `initEnvironment` / `gateway init`.
 * @param till The till's number (1-based).
 * @example
 * ```ts
 * import { tillStateDir } from 'yibao-pos/sim';
 * tillStateDir('./env', 2); // ./env/terminal-2
 * ```
 */
export const tillStateDir = (dir: string, till: number): string => join(dir, till === 1 ? 'terminal' : `terminal-${till}`);

/**
 * `loadTerminalConfig` for a simulator environment, with the terminal state
 * kept in `stateDir`. Exported from `yibao-pos/sim`.
 *
 * @param dir The environment made by `initEnvironment` / `gateway init`.
 * @param options The simulator's URL, the state folder, optionally the journal file and the till (default 1).
 *
 * @example
 * ```ts
 * import { createTerminal, ScriptedPinPad } from 'yibao-pos';
 * import { initEnvironment, startSimulator, terminalConfigFromEnv } from 'yibao-pos/sim';
 * await initEnvironment({ dir });
 * const sim = await startSimulator({ dir, port: 0 });
 * const terminal = await createTerminal({
 *   ...(await terminalConfigFromEnv(dir, { url: sim.url, stateDir: `${dir}/till-1` })),
 *   pinPad: new ScriptedPinPad(['123456']),
 * });
 * ```
 */
export async function terminalConfigFromEnv(
  dir: string,
  options: { url: string; stateDir: string; journal?: string; till?: number },
): Promise<LoadedTerminalConfig> {
  const config = await loadTerminalConfig(dir, { url: options.url, ...(options.till !== undefined ? { till: options.till } : {}) });
  return {
    ...config,
    trust: { ...config.trust, file: join(options.stateDir, 'trust.jws') },
    journal: options.journal ?? join(options.stateDir, 'journal.db'),
    stateDir: options.stateDir,
  };
}
