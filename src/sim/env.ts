/**
 * The layout of a local environment made by `yibao-pos gateway init --dir DIR`,
 * read by every command that takes `--dir DIR`:
 *
 *     DIR/env.json            settings below (url added by `gateway serve`)
 *     DIR/keys/<name>.private.jwk, DIR/keys/<name>.public.jwk
 *         names: root, issuer (ES256), issuer-ed (EdDSA), pin, terminal (till 1),
 *         terminal-2 … terminal-N (the other tills, `gateway init --tills N`)
 *     DIR/trust.jws           the signed trust list
 *     DIR/ledger.db           the simulator's SQLite ledger
 *     DIR/persons.json        the seeded insured persons (see PersonCase)
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { Pharmacy } from '../gateway/types.js';

/**
 * The settings of a simulator environment (`env.json`): root and issuer ids, the pharmacy, the terminal key id, and the URL `gateway serve` wrote.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface EnvSettings extends Pharmacy {
  /** Root id (`iss` of the trust list). */
  rootId: string;
  /** Issuer id that the issuer keys sign for (`iss` of vouchers). */
  issuerId: string;
  devNo: string;
  terminalKid: string;
  /** The pharmacy's tills (absent in environments made before tills: one till, the settings above). */
  tills?: TillSettings[];
  /**
   * The chain's pharmacies when there are several (`gateway init --tills 2,1`);
   * the first is the settings above. Absent: one pharmacy.
   */
  pharmacies?: Pharmacy[];
  /** Set by `gateway serve` once it listens. */
  url?: string;
  /** The wire the environment was made for (`gateway init --profile`); absent: `ours`. */
  gatewayProfile?: 'ours' | 'national';
  /** The national profile's terminals as the platform knows them (national-env.ts). */
  national?: NationalEnvSettings;
}

/**
 * One till: its number (1-based), terminal key id and dev_no.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface TillSettings {
  /** Numbered across the chain: with `--tills 2,1`, tills 1 and 2 are in the first pharmacy, till 3 in the second. */
  till: number;
  kid: string;
  devNo: string;
  /** The till's pharmacy code (`fixmedins_code`); absent in environments made before chains: the settings' own. */
  pharmacy?: string;
}

/**
 * One pharmacy of a chain: its code, name and region as the gateway knows them.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @deprecated Use `Pharmacy` (`yibao-pos/gateway`), the one pharmacy identity type.
 */
export type PharmacySettings = Pharmacy;

/**
 * The national profile's terminals as the platform knows them (env.json `national`).
 *
 * Exported from `yibao-pos/sim`.
 */
export interface NationalEnvSettings {
  paasid: string;
  terminals: Array<{ till: number; kid: string; devNo: string; fixmedinsCode: string; clientId: string; publicKeyHex: string }>;
}

/**
 * The keys a simulator environment holds: `terminal` is till 1's key, `terminal-K` till K's.
 *
 * Exported from `yibao-pos/sim`.
 */
export type KeyName = 'root' | 'issuer' | 'issuer-ed' | 'pin' | 'backoffice' | 'terminal' | `terminal-${number}`;

/**
 * The back office's kid and dev_no for one pharmacy: one key of its own
 * (`keys/backoffice.*.jwk`), registered with the gateway once per pharmacy
 * of the chain under these names (a kid names one pharmacy).
 */
export const backofficeKid = (pharmacy: string): string => `backoffice-${pharmacy}`;
export const backofficeDevNo = (pharmacy: string): string => `BO-${pharmacy}`;

/**
 * The key file of till K: `terminal` for till 1 (as before tills), `terminal-K` for the others.
 *
 * @param till The till's number (1-based).
 */
export const tillKeyName = (till: number): KeyName => (till === 1 ? 'terminal' : `terminal-${till}`);

/**
 * The tills of an environment; an environment made before tills has one.
 *
 * Exported from `yibao-pos/sim`.
 * @param settings The environment's settings (`readEnvSettings`).
 * @example
 * ```ts
 * import { envTills, readEnvSettings } from 'yibao-pos/sim';
 * for (const t of envTills(await readEnvSettings(dir))) console.log(t.till, t.devNo);
 * ```
 */
export function envTills(settings: EnvSettings): Array<TillSettings & { pharmacy: string }> {
  const tills = settings.tills ?? [{ till: 1, kid: settings.terminalKid, devNo: settings.devNo }];
  return tills.map((t) => ({ ...t, pharmacy: t.pharmacy ?? settings.fixmedinsCode }));
}

/**
 * The pharmacies of an environment: one unless `gateway init --tills 2,1` made a chain.
 *
 * @param settings The environment's settings (`readEnvSettings`).
 */
export function envPharmacies(settings: EnvSettings): Pharmacy[] {
  return settings.pharmacies ?? [{ fixmedinsCode: settings.fixmedinsCode, fixmedinsName: settings.fixmedinsName, mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs }];
}

/**
 * The files of a simulator environment (settings, trust list, ledger, persons, keys).
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param dir The environment's folder.
 * @example
 * ```ts
 * import { envPaths } from 'yibao-pos/sim';
 * const trustFile = envPaths(dir).trust;
 * const rootKeyFile = envPaths(dir).key('root', 'public');
 * ```
 */
export const envPaths = (dir: string) => ({
  settings: join(dir, 'env.json'),
  trust: join(dir, 'trust.jws'),
  ledger: join(dir, 'ledger.db'),
  persons: join(dir, 'persons.json'),
  /** The token of the admin and notice routes (0600, made at the first start). */
  adminToken: join(dir, 'admin-token'),
  key: (name: KeyName, part: 'private' | 'public') => join(dir, 'keys', `${name}.${part}.jwk`),
});

/**
 * Reads the settings of a simulator environment (`DIR/env.json`).
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param dir The environment's folder.
 * @example
 * ```ts
 * import { readEnvSettings } from 'yibao-pos/sim';
 * const { fixmedinsCode, issuerId } = await readEnvSettings(dir);
 * ```
 */
export async function readEnvSettings(dir: string): Promise<EnvSettings> {
  return JSON.parse(await readFile(envPaths(dir).settings, 'utf8')) as EnvSettings;
}

/**
 * Reads one of a simulator environment's keys (`DIR/keys/<name>.<part>.jwk`).
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param dir The environment's folder.
 * @param name Which key: root, issuer, issuer-ed, pin, terminal.
 * @param part `private` or `public`.
 * @example
 * ```ts
 * import { readEnvKey } from 'yibao-pos/sim';
 * const issuerKey = await readEnvKey(dir, 'issuer', 'private');
 * ```
 */
export async function readEnvKey(dir: string, name: KeyName, part: 'private' | 'public'): Promise<JWK> {
  return JSON.parse(await readFile(envPaths(dir).key(name, part), 'utf8')) as JWK;
}

/**
 * Reads a simulator environment's signed trust list (`DIR/trust.jws`).
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param dir The environment's folder.
 * @example
 * ```ts
 * import { readEnvTrust } from 'yibao-pos/sim';
 * const jws = await readEnvTrust(dir);
 * ```
 */
export async function readEnvTrust(dir: string): Promise<string> {
  return (await readFile(envPaths(dir).trust, 'utf8')).trim();
}
