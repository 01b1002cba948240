/**
 * Picking one till of a simulator environment (`--till K` on the CLI): its
 * terminal key, kid and dev_no. Usage errors name the tills that exist.
 *
 * @module
 */
import type { JWK } from 'jose';
import { envTills, readEnvKey, tillKeyName, type EnvSettings, type TillSettings } from './env.js';
import { SimError } from './errors.js';

/**
 * One till of a simulator environment: its number, dev_no, key id and private key.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface TillIdentity extends TillSettings {
  key: JWK;
}

/**
 * Reads till `till` (1-based) of the environment in `dir`; `SIM_TILL_UNKNOWN` when it has no such till.
 *
 * @param dir The environment folder made by `gateway init`.
 * @param settings Its settings (`readEnvSettings(dir)`).
 * @param till The till number, 1-based.
 */
export async function readTill(dir: string, settings: EnvSettings, till: number): Promise<TillIdentity> {
  const t = envTills(settings).find((x) => x.till === till);
  if (!t) throw new SimError('SIM_TILL_UNKNOWN', { details: { till, tills: envTills(settings).length, dir } });
  const key = await readEnvKey(dir, tillKeyName(till), 'private');
  return { ...t, key: { ...key, kid: key.kid ?? t.kid } };
}
