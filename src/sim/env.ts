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

export interface EnvSettings {
  /** Root id (`iss` of the trust list). */
  rootId: string;
  /** Issuer id that the issuer keys sign for (`iss` of vouchers). */
  issuerId: string;
  fixmedinsCode: string;
  fixmedinsName: string;
  /** The pharmacy's region (`mdtrtarea_admvs`). */
  mdtrtAreaAdmvs: string;
  devNo: string;
  terminalKid: string;
  /** The pharmacy's tills (absent in environments made before tills: one till, the settings above). */
  tills?: TillSettings[];
  /** Set by `gateway serve` once it listens. */
  url?: string;
}

/** One till: its number (1-based), terminal key id and dev_no. */
export interface TillSettings {
  till: number;
  kid: string;
  devNo: string;
}

export type KeyName = 'root' | 'issuer' | 'issuer-ed' | 'pin' | 'terminal' | `terminal-${number}`;

/** The key file of till K: `terminal` for till 1 (as before tills), `terminal-K` for the others. */
export const tillKeyName = (till: number): KeyName => (till === 1 ? 'terminal' : `terminal-${till}`);

/** The tills of an environment; an environment made before tills has one. */
export function envTills(settings: EnvSettings): TillSettings[] {
  return settings.tills ?? [{ till: 1, kid: settings.terminalKid, devNo: settings.devNo }];
}

export const envPaths = (dir: string) => ({
  settings: join(dir, 'env.json'),
  trust: join(dir, 'trust.jws'),
  ledger: join(dir, 'ledger.db'),
  persons: join(dir, 'persons.json'),
  key: (name: KeyName, part: 'private' | 'public') => join(dir, 'keys', `${name}.${part}.jwk`),
});

export async function readEnvSettings(dir: string): Promise<EnvSettings> {
  return JSON.parse(await readFile(envPaths(dir).settings, 'utf8')) as EnvSettings;
}

export async function readEnvKey(dir: string, name: KeyName, part: 'private' | 'public'): Promise<JWK> {
  return JSON.parse(await readFile(envPaths(dir).key(name, part), 'utf8')) as JWK;
}

export async function readEnvTrust(dir: string): Promise<string> {
  return (await readFile(envPaths(dir).trust, 'utf8')).trim();
}
