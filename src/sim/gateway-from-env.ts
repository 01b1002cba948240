/**
 * `createGatewayClientFromEnv(dir)`: a client for a local environment made by
 * `yibao-pos gateway init --dir DIR` (its env.json settings and the key and
 * dev_no of one till, till 1 by default; the URL that `gateway serve`
 * wrote). It lives in sim/ because the library itself never reads a
 * simulator environment.
 *
 * @module
 */
import { readEnvSettings } from './env.js';
import { readTill } from './tills.js';
import { GatewayClient, type GatewayClientOptions } from '../gateway/client.js';
import { GatewayError } from '../gateway/errors.js';

export async function createGatewayClientFromEnv(
  dir: string,
  overrides: Partial<GatewayClientOptions> = {},
  options: { till?: number } = {},
): Promise<GatewayClient> {
  const settings = await readEnvSettings(dir);
  const url = overrides.url ?? settings.url;
  if (url === undefined) {
    throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'url', reason: `no url in ${dir}/env.json: start \`yibao-pos gateway serve --dir ${dir}\`` } });
  }
  const till = await readTill(dir, settings, options.till ?? 1);
  const terminalKey = overrides.terminalKey ?? till.key;
  return new GatewayClient({
    fixmedinsCode: settings.fixmedinsCode,
    fixmedinsName: settings.fixmedinsName,
    mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs,
    devNo: till.devNo,
    ...overrides,
    url,
    terminalKey: { ...terminalKey, kid: terminalKey.kid ?? till.kid },
  });
}
