/**
 * Verifies a signed trust list (voucher.md section 3) against the pinned
 * root key. Browser-safe.
 *
 * @module
 */
import { compactVerify, type JWK } from 'jose';
import type { Clock } from '../lib/clock.js';
import { decodeSegmentText } from './base64url.js';
import { VoucherError } from './errors.js';
import { importPublicKey } from './keys.js';
import { parseStrictJson } from './strict-json.js';
import type { TrustedKey, TrustList, VoucherAlg } from './types.js';

/** The largest trust list accepted (and downloaded: a refresh stops reading past it). */
export const MAX_TRUST_LIST_BYTES = 1024 * 1024;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const malformed = (why: string) => new VoucherError('TRUST_MALFORMED', { details: { why } });

function rootAlg(root: JWK): VoucherAlg {
  if (root.kty === 'OKP' && root.crv === 'Ed25519') return 'EdDSA';
  if (root.kty === 'EC' && root.crv === 'P-256') return 'ES256';
  throw malformed('root key is neither EC P-256 nor Ed25519');
}

function readKey(k: unknown): TrustedKey {
  if (typeof k !== 'object' || k === null) throw malformed('key entry');
  const key = k as Record<string, unknown>;
  const okType = (key.alg === 'ES256' && key.kty === 'EC' && key.crv === 'P-256' && typeof key.y === 'string') || (key.alg === 'EdDSA' && key.kty === 'OKP' && key.crv === 'Ed25519');
  if (!okType || typeof key.x !== 'string' || typeof key.kid !== 'string' || typeof key.iss !== 'string') throw malformed('key entry');
  if ('d' in key) throw malformed('private key in trust list');
  if ((key.nbf !== undefined && !isInt(key.nbf)) || (key.exp !== undefined && !isInt(key.exp))) throw malformed('key nbf/exp');
  return key as unknown as TrustedKey;
}

/** Checks the claims of a trust list for shape; throws TRUST_MALFORMED. */
export function readTrustList(raw: unknown): TrustList {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw malformed('claims');
  const c = raw as Record<string, unknown>;
  if (typeof c.iss !== 'string' || !isInt(c.iat) || !isInt(c.exp) || !isInt(c.seq) || !Array.isArray(c.keys)) throw malformed('iss/iat/exp/seq/keys');
  const revoked = c.revoked ?? [];
  const frozen = c.frozen ?? [];
  if (!isStrings(revoked) || !isStrings(frozen)) throw malformed('revoked/frozen');
  const list: TrustList = { iss: c.iss, iat: c.iat, exp: c.exp, seq: c.seq, keys: c.keys.map(readKey), revoked, frozen };
  if (c.pinKey !== undefined) {
    const pk = c.pinKey as Record<string, unknown>;
    if (typeof pk !== 'object' || pk === null || pk.kty !== 'EC' || pk.crv !== 'P-256' || 'd' in pk) throw malformed('pinKey');
    list.pinKey = pk as JWK;
  }
  return list;
}

/**
 * Verifies `jws` with the root key and returns its claims. With a clock, a
 * list past its `exp` is refused (TRUST_EXPIRED); without one, expiry is
 * left to the caller (TrustStore.current()).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @param jws The signed trust list (compact JWS).
 * @param rootPublicJwk The pinned root public key.
 * @param opts `clock` for the expiry check.
 *
 * @example
 * ```ts
 * import { verifyTrustList } from 'yibao-pos/voucher';
 * const trust = await verifyTrustList(await (await fetch(url)).text(), rootPublicJwk);
 * console.log(trust.seq, trust.keys.length);
 * ```
 */
export async function verifyTrustList(jws: string, rootPublicJwk: JWK, opts: { clock?: Clock } = {}): Promise<TrustList> {
  if (typeof jws !== 'string' || jws.length > MAX_TRUST_LIST_BYTES) throw malformed('size');
  const text = jws.trim();
  const parts = text.split('.');
  if (parts.length !== 3) throw malformed('not a compact JWS');
  const headerText = decodeSegmentText(parts[0]!);
  let header: Record<string, unknown>;
  try {
    header = parseStrictJson(headerText ?? '') as Record<string, unknown>;
  } catch {
    throw malformed('header');
  }
  if (typeof header !== 'object' || header === null) throw malformed('header');
  const fields = Object.keys(header).sort().join(',');
  const alg = rootAlg(rootPublicJwk);
  if (fields !== 'alg,kid,typ' || header.typ !== 'ybtl+jwt' || header.alg !== alg || (rootPublicJwk.kid !== undefined && header.kid !== rootPublicJwk.kid)) {
    throw new VoucherError('TRUST_BAD_SIGNATURE', { details: { why: 'header does not match the root key' } });
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(text, await importPublicKey(rootPublicJwk, alg), { algorithms: [alg] }));
  } catch (cause) {
    throw new VoucherError('TRUST_BAD_SIGNATURE', { cause });
  }
  let raw: unknown;
  try {
    raw = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw malformed('claims are not strict JSON');
  }
  const list = readTrustList(raw);
  if (opts.clock && Math.floor(opts.clock() / 1000) >= list.exp) throw new VoucherError('TRUST_EXPIRED', { details: { exp: list.exp } });
  return list;
}
