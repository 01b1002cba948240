/**
 * Test kit for the voucher area: a root key, issuer keys of both algorithms,
 * a trust list with revoked/expired/future keys and a frozen credential, and
 * a raw signer that can build any token (duplicate keys, odd headers, DER
 * signatures) the way an attacker would.
 */
import { createHmac, createPrivateKey, sign as nodeSign } from 'node:crypto';
import type { JWK } from 'jose';
import { generateSigningKey } from '../../src/sim/issuer/keys.js';
import { makeTrustList } from '../../src/sim/issuer/trust-list.js';
import { issueVoucher } from '../../src/sim/issuer/voucher.js';
import { toLowS } from '../../src/voucher/low-s.js';
import { verifyTrustList } from '../../src/voucher/trust-list.js';
import type { TrustedKey, TrustList, VoucherAlg } from '../../src/voucher/types.js';

/** Fixed clock of these tests, in seconds. */
export const T0 = 1_790_000_000;
export const ISS = 'nhsa';
export const OTHER_ISS = 'bank-wallet';
export const SUB = 'E4201000000000000001';
export const FROZEN_SUB = 'E4201000000000000099';

export interface Pair {
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface Kit {
  root: Pair;
  es: Pair;
  ed: Pair;
  /** Trusted, but for another issuer. */
  other: Pair;
  revoked: Pair;
  expired: Pair;
  future: Pair;
  /** Never in the trust list. */
  stranger: Pair;
  trustJws: string;
  trust: TrustList;
}

const entry = (p: Pair, iss: string, extra: Partial<TrustedKey> = {}): TrustedKey => ({ ...(p.publicJwk as TrustedKey), iss, ...extra });

export async function makeKit(): Promise<Kit> {
  const [root, es, ed, other, revoked, expired, future, stranger] = await Promise.all([
    generateSigningKey('ES256', 'root-1'),
    generateSigningKey('ES256', 'es-1'),
    generateSigningKey('EdDSA', 'ed-1'),
    generateSigningKey('ES256', 'other-1'),
    generateSigningKey('ES256', 'old-1'),
    generateSigningKey('EdDSA', 'expired-1'),
    generateSigningKey('ES256', 'future-1'),
    generateSigningKey('ES256', 'es-1'),
  ]);
  const trustJws = await makeTrustList({
    rootKey: root.privateJwk,
    iss: 'nhsa-root',
    seq: 7,
    iat: T0 - 3600,
    exp: T0 + 30 * 86400,
    keys: [entry(es, ISS), entry(ed, ISS), entry(other, OTHER_ISS), entry(revoked, ISS), entry(expired, ISS, { exp: T0 - 100 }), entry(future, ISS, { nbf: T0 + 1000 })],
    revoked: ['old-1'],
    frozen: [FROZEN_SUB],
  });
  const trust = await verifyTrustList(trustJws, root.publicJwk, { clock: () => T0 * 1000 });
  return { root, es, ed, other, revoked, expired, future, stranger, trustJws, trust };
}

/** Good claims at T0; override any of them. */
export const claims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISS,
  sub: SUB,
  iat: T0,
  exp: T0 + 60,
  jti: 'jti-0123456789abcdef',
  use: 'pay',
  reg: '420100',
  chn: 'wechat',
  ...over,
});

export const b64 = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');

/** Raw signature bytes over `signingInput` with a private JWK (raw r||s for ES256 unless `der`). */
export function rawSign(signingInput: string, privateJwk: JWK, options: { der?: boolean } = {}): Buffer {
  const key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
  if (privateJwk.kty === 'OKP') return nodeSign(null, Buffer.from(signingInput), key);
  if (options.der) return nodeSign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'der' });
  // Canonical low-s, as issuers sign: the terminal refuses the high-s twin.
  return Buffer.from(toLowS(nodeSign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' })));
}

/**
 * Builds `YBV1:` + a compact JWS from header and payload given as objects or
 * as exact JSON text (for duplicate keys), signed with `key`.
 */
export function token(header: Record<string, unknown> | string, payload: Record<string, unknown> | string, key: JWK, options: { der?: boolean } = {}): string {
  const h = b64(typeof header === 'string' ? header : JSON.stringify(header));
  const p = b64(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return `YBV1:${h}.${p}.${b64(rawSign(`${h}.${p}`, key, options))}`;
}

/** The standard header of a key. */
export const headerOf = (key: JWK): Record<string, unknown> => ({ alg: key.alg as VoucherAlg, kid: key.kid, typ: 'ybv+jwt' });

/** A valid code of `pair` at T0 (issuer tool, random jti unless given). */
export const good = (pair: Pair, over: Partial<Parameters<typeof issueVoucher>[0]> = {}): Promise<string> =>
  issueVoucher({ key: pair.privateJwk, iss: ISS, sub: SUB, iat: T0, chn: 'wechat', ...over });

/** An HS256 token keyed with `secret` (the classic public-key-as-HMAC-secret attack). */
export function hmacToken(header: Record<string, unknown>, payload: Record<string, unknown>, secret: Buffer): string {
  const h = b64(JSON.stringify(header));
  const p = b64(JSON.stringify(payload));
  return `YBV1:${h}.${p}.${b64(createHmac('sha256', secret).update(`${h}.${p}`).digest())}`;
}

/** Replaces the signature segment of a token. */
export const withSignature = (tok: string, sig: Uint8Array): string => `${tok.slice(0, tok.lastIndexOf('.'))}.${b64(sig)}`;

/** The error code a promise rejects with, or 'accepted'. */
export const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'accepted',
    (e: unknown) => (typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : `threw ${String(e)}`),
  );
