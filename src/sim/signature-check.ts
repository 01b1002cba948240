/**
 * Checks `X-Yb-Signature` over the exact body bytes, before parsing, with the
 * shared `verifyBodySignature` and the terminal keys registered in the
 * ledger. Returns the kid and the terminal's pharmacy code, or undefined.
 *
 * @module
 */
import { importJWK, type JWK } from 'jose';
import { verifyBodySignature } from '../gateway/signature.js';
import type { Ledger } from './ledger/ledger.js';

interface Entry {
  key: CryptoKey | Uint8Array;
  fixmedinsCode: string;
}

const keyCache = new WeakMap<Ledger, Map<string, Entry>>();

async function terminal(ledger: Ledger, kid: string): Promise<Entry | undefined> {
  let cache = keyCache.get(ledger);
  if (!cache) keyCache.set(ledger, (cache = new Map()));
  let entry = cache.get(kid);
  if (!entry) {
    const row = ledger.terminalKey(kid);
    if (!row) return undefined;
    const { kid: _k, d: _d, ...pub } = row.jwk as JWK;
    entry = { key: await importJWK(pub, 'ES256'), fixmedinsCode: row.fixmedinsCode };
    cache.set(kid, entry);
  }
  return entry;
}

export async function checkBodySignature(
  ledger: Ledger,
  body: Uint8Array,
  header: string | undefined,
): Promise<{ kid: string; fixmedinsCode: string } | undefined> {
  try {
    const kid = await verifyBodySignature(body, header, async (k) => (await terminal(ledger, k))?.key);
    const entry = await terminal(ledger, kid);
    return entry && { kid, fixmedinsCode: entry.fixmedinsCode };
  } catch {
    return undefined;
  }
}
