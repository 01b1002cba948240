/**
 * The back office speaks to the gateway for each pharmacy (3201, 9101, 3202,
 * 9102) with the key of that pharmacy's first till, read from the folder
 * `gateway init` made. Its msgids take the last block of the sequence
 * (9900–9999), which no till of a chain of fewer than 100 tills uses, so
 * they never meet a till's msgids.
 *
 * @module
 */
import { GatewayClient } from '../gateway/client.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { readTill } from '../sim/tills.js';
import type { Chain } from './registry.js';

const BLOCK_START = 9900;

export class GatewayClients {
  readonly #clients = new Map<string, Promise<GatewayClient>>();
  constructor(private readonly dir: string, private readonly chain: Chain, private readonly url: string, private readonly clock: Clock = systemClock) {}

  for(pharmacy: string): Promise<GatewayClient> {
    let c = this.#clients.get(pharmacy);
    if (!c) this.#clients.set(pharmacy, (c = this.#open(pharmacy)));
    return c;
  }

  async #open(pharmacy: string): Promise<GatewayClient> {
    const p = this.chain.pharmacies.find((x) => x.code === pharmacy);
    const first = this.chain.tills.find((t) => t.pharmacy === pharmacy);
    if (!p || !first) throw new Error(`unknown pharmacy ${pharmacy}`);
    const till = await readTill(this.dir, this.chain.settings, first.till);
    let n = 0;
    return new GatewayClient({
      url: this.url,
      terminalKey: till.key,
      fixmedinsCode: p.code,
      fixmedinsName: p.name,
      mdtrtAreaAdmvs: p.region,
      devNo: till.devNo,
      clock: this.clock,
      sequence: { nextSeq: () => BLOCK_START + (n++ % 100) },
    });
  }

  async close(): Promise<void> {
    for (const c of this.#clients.values()) await (await c.catch(() => undefined))?.close();
  }
}
