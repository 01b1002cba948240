/**
 * The gateway's online re-verification of a voucher QR (voucher.md section 2,
 * steps 1-7) against the environment's trust list. Replay (step 8) is the
 * ledger's own record, checked by the handlers, separate from the terminal's.
 * Every failure becomes a SimRefusal: VOUCHER_INVALID, or CREDENTIAL_FROZEN
 * for a `sub` on the trust list's frozen list.
 *
 * @module
 */
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import type { Clock } from '../lib/clock.js';
import type { TrustedKey, TrustList, VoucherClaims, VoucherUse } from '../voucher/types.js';
import { SimRefusal } from './refusal.js';

const MAX_QR_BYTES = 512;
const SUB = /^[A-Za-z0-9_-]{8,64}$/;
const HEADER_FIELDS = new Set(['alg', 'kid', 'typ']);

/** Imported issuer keys, per trust-list entry (a new list brings new objects). */
const imported = new WeakMap<TrustedKey, Promise<CryptoKey | Uint8Array>>();

function publicKeyOf(key: TrustedKey): Promise<CryptoKey | Uint8Array> {
  let k = imported.get(key);
  if (!k) {
    const { kid: _k, iss: _i, nbf: _n, exp: _e, ...jwk } = key;
    k = importJWK(jwk, key.alg);
    imported.set(key, k);
  }
  return k;
}

const invalid = (detail: string): SimRefusal => new SimRefusal('VOUCHER_INVALID', { detail });

export async function checkVoucherOnline(
  qrText: unknown,
  options: { trust: TrustList; clock: Clock; use: VoucherUse; skewSec?: number },
): Promise<VoucherClaims> {
  if (typeof qrText !== 'string' || !qrText.startsWith('YBV1:')) throw invalid('not a voucher');
  if (Buffer.byteLength(qrText) > MAX_QR_BYTES) throw invalid('too long');
  const jws = qrText.slice(5);
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch {
    throw invalid('malformed');
  }
  if (Object.keys(header).some((k) => !HEADER_FIELDS.has(k)) || header.typ !== 'ybv+jwt') throw invalid('header');
  const { alg, kid } = header;
  if ((alg !== 'ES256' && alg !== 'EdDSA') || typeof kid !== 'string') throw invalid('alg or kid');
  const { trust, clock } = options;
  const key = trust.keys.find((k) => k.kid === kid);
  const now = Math.floor(clock() / 1000);
  if (!key || key.alg !== alg || trust.revoked.includes(kid)) throw invalid('unknown key');
  if ((key.nbf !== undefined && now < key.nbf) || (key.exp !== undefined && now >= key.exp)) throw invalid('key not valid now');
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, await publicKeyOf(key), { algorithms: [alg] }));
  } catch {
    throw invalid('bad signature');
  }
  let claims: VoucherClaims;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload)) as VoucherClaims;
  } catch {
    throw invalid('claims');
  }
  if (!claimsWellTyped(claims) || claims.iss !== key.iss) throw invalid('claims');
  const skew = options.skewSec ?? 10;
  if (claims.exp - claims.iat > 60 || now < claims.iat - skew || now > claims.exp + skew) throw invalid('expired');
  if (trust.frozen.includes(claims.sub)) throw new SimRefusal('CREDENTIAL_FROZEN');
  if (options.use === 'pay' && claims.use !== 'pay') throw invalid('not a payment code');
  return claims;
}

function claimsWellTyped(c: VoucherClaims): boolean {
  const o = c as unknown as Record<string, unknown>;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof c.iss === 'string' &&
    typeof c.sub === 'string' &&
    SUB.test(c.sub) &&
    Number.isSafeInteger(c.iat) &&
    Number.isSafeInteger(c.exp) &&
    typeof c.jti === 'string' &&
    c.jti.length >= 16 &&
    (c.use === 'pay' || c.use === 'id') &&
    typeof c.reg === 'string' &&
    /^[0-9]{6}$/.test(c.reg) &&
    typeof c.chn === 'string' &&
    (c.act === undefined || (typeof c.act === 'object' && c.act !== null && typeof c.act.sub === 'string'))
  );
}

/** Verifies the trust list JWS with the root public key; the simulator refuses to start on a bad one. */
export async function loadTrustList(jws: string, rootPublicJwk: Record<string, unknown>): Promise<TrustList> {
  const alg = decodeProtectedHeader(jws).alg;
  if (alg !== 'ES256' && alg !== 'EdDSA') throw new Error('trust list: unsupported alg');
  const { kid: _k, ...jwk } = rootPublicJwk;
  const { payload } = await compactVerify(jws, await importJWK(jwk, alg), { algorithms: [alg] });
  return JSON.parse(new TextDecoder().decode(payload)) as TrustList;
}
