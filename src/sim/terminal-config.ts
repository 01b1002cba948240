/**
 * The parts of a `createTerminal` config that a simulator environment
 * provides: its trust list and root key, the key and dev_no of one till and
 * the pharmacy settings, with the till's own state (stored trust list,
 * journal, which also keeps the used voucher codes) in `stateDir`.
 *
 * @module
 */
import { join } from 'node:path';
import type { TerminalConfig } from '../checkout/terminal.js';
import { readEnvKey, readEnvSettings, readEnvTrust } from './env.js';
import { readTill } from './tills.js';

/** Where till K keeps its state by default: DIR/terminal for till 1, DIR/terminal-K for the others. */
export const tillStateDir = (dir: string, till: number): string => join(dir, till === 1 ? 'terminal' : `terminal-${till}`);

export async function terminalConfigFromEnv(
  dir: string,
  options: { url: string; stateDir: string; journal?: string; till?: number },
): Promise<Pick<TerminalConfig, 'trust' | 'journal' | 'gateway' | 'till'>> {
  const settings = await readEnvSettings(dir);
  const till = await readTill(dir, settings, options.till ?? 1);
  return {
    trust: { rootKey: await readEnvKey(dir, 'root', 'public'), file: join(options.stateDir, 'trust.jws'), initial: await readEnvTrust(dir) },
    journal: options.journal ?? join(options.stateDir, 'journal.db'),
    till: till.till,
    gateway: {
      url: options.url,
      terminalKey: till.key,
      fixmedinsCode: settings.fixmedinsCode,
      fixmedinsName: settings.fixmedinsName,
      mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs,
      devNo: till.devNo,
    },
  };
}
