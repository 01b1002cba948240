/**
 * `createGatewayClientFromEnv(dir)`: a client for a local environment made by
 * `yibao-pos gateway init --dir DIR` (its env.json settings and terminal
 * key; the URL that `gateway serve` wrote). It lives in sim/ because the
 * library itself never reads a simulator environment.
 *
 * @module
 */
import { readEnvKey, readEnvSettings } from './env.js';
import { GatewayClient, type GatewayClientOptions } from '../gateway/client.js';
import { GatewayError } from '../gateway/errors.js';

export async function createGatewayClientFromEnv(dir: string, overrides: Partial<GatewayClientOptions> = {}): Promise<GatewayClient> {
  const settings = await readEnvSettings(dir);
  const url = overrides.url ?? settings.url;
  if (url === undefined) {
    throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'url', reason: `no url in ${dir}/env.json: start \`yibao-pos gateway serve --dir ${dir}\`` } });
  }
  const terminalKey = overrides.terminalKey ?? (await readEnvKey(dir, 'terminal', 'private'));
  return new GatewayClient({
    fixmedinsCode: settings.fixmedinsCode,
    fixmedinsName: settings.fixmedinsName,
    mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs,
    devNo: settings.devNo,
    ...overrides,
    url,
    terminalKey: { ...terminalKey, kid: terminalKey.kid ?? settings.terminalKid },
  });
}
