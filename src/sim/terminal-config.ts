/**
 * The parts of a `createTerminal` config that a simulator environment
 * provides (its `terminal.json`, see config/), with the terminal's own state
 * (stored trust list, replay guard, journal) in `stateDir`, so that several
 * terminals can share one environment.
 *
 * @module
 */
import { join } from 'node:path';
import { loadTerminalConfig, type LoadedTerminalConfig } from '../config/load.js';

/**
 * `loadTerminalConfig` for a simulator environment, with the terminal state
 * kept in `stateDir`. Exported from `yibao-pos/sim`.
 *
 * @param dir The environment made by `initEnvironment` / `gateway init`.
 * @param options The simulator's URL, the state folder, and optionally the journal file.
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
  options: { url: string; stateDir: string; journal?: string },
): Promise<LoadedTerminalConfig> {
  const config = await loadTerminalConfig(dir, { url: options.url });
  return {
    ...config,
    trust: { ...config.trust, file: join(options.stateDir, 'trust.jws') },
    replayGuard: join(options.stateDir, 'replay.db'),
    journal: options.journal ?? join(options.stateDir, 'journal.db'),
  };
}
