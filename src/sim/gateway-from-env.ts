/**
 * `createGatewayClientFromEnv(dir)`: a client for a local environment made by
 * `yibao-pos gateway init --dir DIR` (its `terminal.json` settings and the
 * key and dev_no of one till, till 1 by default; the URL that `gateway
 * serve` wrote), with overrides.
 *
 * @module
 */
import { loadGatewayOptions } from '../config/load.js';
import { GatewayClient, type GatewayClientOptions } from '../gateway/client.js';

/**
 * A `GatewayClient` for a simulator environment; `overrides` win over the
 * environment's settings. Exported from `yibao-pos/sim`.
 *
 * @param dir The environment made by `initEnvironment` / `gateway init`.
 * @param overrides Client options to use instead (url, clock, sequence, timeouts…).
 * @param options Which till's key and dev_no (default till 1).
 * @throws `CONFIG_INVALID` when neither the environment nor `overrides` give a URL.
 *
 * @example
 * ```ts
 * import { initEnvironment, startSimulator, createGatewayClientFromEnv } from 'yibao-pos/sim';
 * await initEnvironment({ dir });
 * const sim = await startSimulator({ dir, port: 0 });
 * const client = await createGatewayClientFromEnv(dir, { url: sim.url });
 * await client.signIn();
 * ```
 */
export async function createGatewayClientFromEnv(
  dir: string,
  overrides: Partial<GatewayClientOptions> = {},
  options: { till?: number } = {},
): Promise<GatewayClient> {
  const base = await loadGatewayOptions(dir, { ...(overrides.url ? { url: overrides.url } : {}), ...(options.till !== undefined ? { till: options.till } : {}) });
  return new GatewayClient({ ...base, ...overrides, url: base.url });
}
