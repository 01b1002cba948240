/**
 * `renewTrustList(dir)`: re-signs an environment's trust list with the same
 * keys, frozen and revoked lists, a higher `seq` and a fresh 30-day window
 * (a `gateway init` list expires after 30 days, and the simulator refuses
 * every voucher once its list has expired). A running simulator picks the
 * renewed list up from DIR/trust.jws when its own has expired.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { systemClock, type Clock } from '../lib/clock.js';
import { verifyTrustList } from '../voucher/trust-list.js';
import { envPaths, readEnvKey, readEnvSettings, readEnvTrust } from './env.js';
import { makeTrustList } from './issuer/trust-list.js';

/**
 * Re-signs the environment's trust list with a higher `seq` and a fresh window; returns the new `seq`.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param dir The environment folder made by `gateway init`.
 * @param clock Where the new window starts (default: now).
 * @param days How long the renewed list lives (default 30).
 * @example
 * ```ts
 * import { renewTrustList } from 'yibao-pos/sim';
 * const seq = await renewTrustList('./env');
 * ```
 */
export async function renewTrustList(dir: string, clock: Clock = systemClock, days = 30): Promise<number> {
  const settings = await readEnvSettings(dir);
  const old = await verifyTrustList(await readEnvTrust(dir), await readEnvKey(dir, 'root', 'public'));
  const now = Math.floor(clock() / 1000);
  const jws = await makeTrustList({
    rootKey: await readEnvKey(dir, 'root', 'private'),
    iss: settings.rootId,
    seq: old.seq + 1,
    iat: now,
    exp: now + days * 24 * 3600,
    keys: old.keys,
    revoked: old.revoked,
    frozen: old.frozen,
    ...(old.pinKey ? { pinKey: old.pinKey } : {}),
  });
  await writeFile(envPaths(dir).trust, `${jws}\n`);
  return old.seq + 1;
}
