/**
 * The back office speaks to the gateway for each pharmacy (3201, 9101, 3202,
 * 9102) with a key of its own (`keys/backoffice.private.jwk`, made by
 * `gateway init` and registered once per pharmacy as `backoffice-<code>`);
 * an environment from before it had one lends the pharmacy's first till's.
 *
 * Its msgids never meet a till's: a msgid is the pharmacy's code, the
 * second, and 4 digits whose blocks of 100 belong to the tills by their
 * chain-wide number (till K: (K-1)*100 …). The back office takes, per
 * pharmacy, the highest block none of that pharmacy's tills owns (derived
 * from the registry, so adding tills moves it), at most 100 msgids a second;
 * a pharmacy whose tills own all 100 blocks cannot be reconciled through
 * the back office (refused, never a shared msgid).
 *
 * @module
 */
import type { JWK } from 'jose';
import { GatewayClient } from '../gateway/client.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { TILL_BLOCK } from '../journal/till.js';
import { backofficeDevNo, backofficeKid, readEnvKey } from '../sim/env.js';
import { readTill } from '../sim/tills.js';
import { BackofficeError } from './errors.js';
import type { Chain } from './registry.js';

const BLOCKS = 10_000 / TILL_BLOCK;

/** The first msgid sequence number of the back office's block for a pharmacy whose tills are `tills`, or undefined when they own every block. */
export function backofficeBlock(tills: readonly number[]): number | undefined {
  const owned = new Set(tills.map((k) => k - 1));
  for (let b = BLOCKS - 1; b >= 0; b--) if (!owned.has(b)) return b * TILL_BLOCK;
  return undefined;
}

export class GatewayClients {
  readonly #clients = new Map<string, Promise<GatewayClient>>();
  constructor(private readonly dir: string, private readonly chain: Chain, private readonly url: string, private readonly clock: Clock = systemClock) {}

  for(pharmacy: string): Promise<GatewayClient> {
    let c = this.#clients.get(pharmacy);
    if (!c) this.#clients.set(pharmacy, (c = this.#open(pharmacy)));
    return c;
  }

  async #identity(pharmacy: string, firstTill: number): Promise<{ key: JWK; devNo: string }> {
    const own = await readEnvKey(this.dir, 'backoffice', 'private').catch(() => undefined);
    if (own) return { key: { ...own, kid: backofficeKid(pharmacy) }, devNo: backofficeDevNo(pharmacy) };
    const till = await readTill(this.dir, this.chain.settings, firstTill);
    return { key: till.key, devNo: till.devNo };
  }

  async #open(pharmacy: string): Promise<GatewayClient> {
    const p = this.chain.pharmacies.find((x) => x.code === pharmacy);
    const tills = this.chain.tills.filter((t) => t.pharmacy === pharmacy).map((t) => t.till);
    if (!p || tills.length === 0) throw new Error(`unknown pharmacy ${pharmacy}`);
    const start = backofficeBlock(tills);
    if (start === undefined) throw new BackofficeError('BACKOFFICE_NO_MSGID_BLOCK', { details: { pharmacy, tills: tills.length } });
    const { key, devNo } = await this.#identity(pharmacy, Math.min(...tills));
    // Per second, as a till's journal counts: past its 100 the client refuses (GATEWAY_MSGID_EXHAUSTED) rather than repeat one.
    let second = '';
    let n = 0;
    return new GatewayClient({
      url: this.url,
      terminalKey: key,
      fixmedinsCode: p.code,
      fixmedinsName: p.name,
      mdtrtAreaAdmvs: p.region,
      devNo,
      clock: this.clock,
      sequence: {
        nextSeq: (s) => {
          if (s !== second) [second, n] = [s, 0];
          return n < TILL_BLOCK ? start + n++ : 10_000;
        },
      },
    });
  }

  async close(): Promise<void> {
    for (const c of this.#clients.values()) await (await c.catch(() => undefined))?.close();
  }
}
