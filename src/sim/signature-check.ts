/**
 * Checks `X-Yb-Signature` (a detached compact JWS, ES256, over the exact
 * body bytes) against the terminal keys registered in the ledger, before the
 * body is parsed. Returns the kid and the terminal's pharmacy code, or
 * undefined for anything that does not verify.
 *
 * @module
 */
import { flattenedVerify, importJWK, type JWK } from 'jose';
import type { Ledger } from './ledger/ledger.js';

const keyCache = new WeakMap<Ledger, Map<string, { key: CryptoKey | Uint8Array; fixmedinsCode: string }>>();

export async function checkBodySignature(
  ledger: Ledger,
  body: Uint8Array,
  header: string | undefined,
): Promise<{ kid: string; fixmedinsCode: string } | undefined> {
  if (typeof header !== 'string' || header.length > 2048) return undefined;
  const parts = header.split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2]) return undefined;
  let kid: unknown;
  try {
    const h = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    if (h.alg !== 'ES256' || h.b64 !== undefined || h.crit !== undefined) return undefined;
    kid = h.kid;
  } catch {
    return undefined;
  }
  if (typeof kid !== 'string') return undefined;
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
  try {
    await flattenedVerify(
      { protected: parts[0], payload: Buffer.from(body).toString('base64url'), signature: parts[2] },
      entry.key,
      { algorithms: ['ES256'] },
    );
  } catch {
    return undefined;
  }
  return { kid, fixmedinsCode: entry.fixmedinsCode };
}
