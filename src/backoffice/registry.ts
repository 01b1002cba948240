/**
 * The chain as the back office knows it: its pharmacies and their tills with
 * each till's public key, read from the folder `gateway init` made (the
 * tills' public keys, the pharmacies, the gateway URL) and written to the
 * `pharmacies` and `tills` tables, which the page and the reports join.
 *
 * @module
 */
import { importJWK, type JWK } from 'jose';
import { envPharmacies, envTills, readEnvKey, readEnvSettings, tillKeyName, type EnvSettings } from '../sim/env.js';
import type { Sql } from './db.js';

export interface RegisteredTill {
  pharmacy: string;
  till: number;
  kid: string;
  devNo: string;
  publicJwk: JWK;
}

export interface Chain {
  settings: EnvSettings;
  pharmacies: Array<{ code: string; name: string; region: string }>;
  tills: RegisteredTill[];
}

/** Reads the chain from `dir` (env.json and the tills' public keys). */
export async function readChain(dir: string): Promise<Chain> {
  const settings = await readEnvSettings(dir);
  const tills: RegisteredTill[] = [];
  for (const t of envTills(settings)) {
    const { d: _private, ...pub } = await readEnvKey(dir, tillKeyName(t.till), 'public');
    tills.push({ pharmacy: t.pharmacy, till: t.till, kid: t.kid, devNo: t.devNo, publicJwk: pub });
  }
  const pharmacies = envPharmacies(settings).map((p) => ({ code: p.fixmedinsCode, name: p.fixmedinsName, region: p.mdtrtAreaAdmvs }));
  return { settings, pharmacies, tills };
}

/** Writes the chain's pharmacies and tills (a re-registered till gets its new key). */
export async function registerChain(sql: Sql, chain: Chain): Promise<void> {
  await sql.transaction(async (tx) => {
    for (const p of chain.pharmacies) {
      await tx.query(
        'INSERT INTO pharmacies (pharmacy, name, region) VALUES ($1, $2, $3) ON CONFLICT (pharmacy) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region',
        [p.code, p.name, p.region],
      );
    }
    for (const t of chain.tills) {
      await tx.query(
        `INSERT INTO tills (pharmacy, till, kid, dev_no, jwk) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (pharmacy, till) DO UPDATE SET kid = EXCLUDED.kid, dev_no = EXCLUDED.dev_no, jwk = EXCLUDED.jwk`,
        [t.pharmacy, t.till, t.kid, t.devNo, JSON.stringify(t.publicJwk)],
      );
    }
  });
}

/** Looks up a till by the kid of its signature, with its key imported once. */
export class TillKeys {
  readonly #byKid = new Map<string, RegisteredTill>();
  readonly #keys = new Map<string, Promise<CryptoKey | Uint8Array>>();

  constructor(tills: readonly RegisteredTill[]) {
    for (const t of tills) this.#byKid.set(t.kid, t);
  }

  till(kid: string): RegisteredTill | undefined {
    return this.#byKid.get(kid);
  }

  key(kid: string): Promise<CryptoKey | Uint8Array> | undefined {
    const t = this.#byKid.get(kid);
    if (!t) return undefined;
    let k = this.#keys.get(kid);
    if (!k) this.#keys.set(kid, (k = importJWK(t.publicJwk, 'ES256')));
    return k;
  }
}
