/**
 * The parts of a `createTerminal` config that a simulator environment
 * provides: its trust list and root key, the terminal key and the pharmacy
 * settings, with the terminal's own state (stored trust list, replay guard,
 * journal) in `stateDir`.
 *
 * @module
 */
import { join } from 'node:path';
import type { TerminalConfig } from '../checkout/terminal.js';
import { readEnvKey, readEnvSettings, readEnvTrust } from './env.js';

export async function terminalConfigFromEnv(
  dir: string,
  options: { url: string; stateDir: string; journal?: string },
): Promise<Pick<TerminalConfig, 'trust' | 'replayGuard' | 'journal' | 'gateway'>> {
  const settings = await readEnvSettings(dir);
  return {
    trust: { rootKey: await readEnvKey(dir, 'root', 'public'), file: join(options.stateDir, 'trust.jws'), initial: await readEnvTrust(dir) },
    replayGuard: join(options.stateDir, 'replay.db'),
    journal: options.journal ?? join(options.stateDir, 'journal.db'),
    gateway: {
      url: options.url,
      terminalKey: await readEnvKey(dir, 'terminal', 'private'),
      fixmedinsCode: settings.fixmedinsCode,
      fixmedinsName: settings.fixmedinsName,
      mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs,
      devNo: settings.devNo,
    },
  };
}
