/**
 * The national profile's part of a simulator environment (`gateway init
 * --profile national`): per till an SM2 key and a channel client id and
 * secret, one paas id and token for the pharmacy chain. The platform's view
 * (public keys, client ids) goes in env.json; the shared secrets the platform
 * keeps in DIR/keys/platform.json; each till's own secrets in its
 * credentials file (config/ `gatewayCredentials`).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GatewayCredentials } from '../gateway/profile/types.js';
import { sm2KeyPair } from '../gateway/security/sm2.js';
import type { NationalEnvSettings, TillSettings } from './env.js';

/** What the platform keeps secret: the paas token, each channel's secret. */
export interface PlatformSecrets {
  paasToken: string;
  secrets: Record<string, string>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

/** The credentials file of till K, relative to the environment folder. */
export const gatewayCredentialsFile = (till: number): string => join('keys', till === 1 ? 'gateway-credentials.json' : `gateway-credentials-${till}.json`);

export const platformSecretsFile = (dir: string): string => join(dir, 'keys', 'platform.json');

/** Makes the national keys and secrets of every till. */
export function makeNational(tills: ReadonlyArray<TillSettings & { pharmacy: string }>): {
  settings: NationalEnvSettings;
  platform: PlatformSecrets;
  credentials: Map<number, GatewayCredentials>;
} {
  const paasid = `paas-${hex(4).toLowerCase()}`;
  const paasToken = hex(16);
  const terminals: NationalEnvSettings['terminals'] = [];
  const secrets: Record<string, string> = {};
  const credentials = new Map<number, GatewayCredentials>();
  for (const t of tills) {
    const { privateKeyHex, publicKeyHex } = sm2KeyPair();
    const clientId = hex(16);
    const secret = hex(16);
    secrets[clientId] = secret;
    terminals.push({ till: t.till, kid: t.kid, devNo: t.devNo, fixmedinsCode: t.pharmacy, clientId, publicKeyHex });
    credentials.set(t.till, { paas: { paasid, token: paasToken }, sm2: { privateKeyHex, clientId, secret } });
  }
  return { settings: { paasid, terminals }, platform: { paasToken, secrets }, credentials };
}

export async function readPlatformSecrets(dir: string): Promise<PlatformSecrets> {
  return JSON.parse(await readFile(platformSecretsFile(dir), 'utf8')) as PlatformSecrets;
}
