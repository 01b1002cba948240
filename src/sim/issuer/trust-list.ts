/**
 * Makes a signed trust list (voucher.md section 3) with a root private key.
 *
 * @module
 */
import type { JWK } from 'jose';
import type { TrustedKey } from '../../voucher/types.js';
import { signCompact } from './signing.js';

/**
 * Options of `makeTrustList`: root key, `iss`, `seq`, validity, issuer keys, revoked keys, frozen credentials, PIN key.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface MakeTrustListOptions {
  /** The root private JWK (kid + alg). */
  rootKey: JWK;
  iss: string;
  seq: number;
  iat: number;
  exp: number;
  keys: TrustedKey[];
  revoked?: string[];
  frozen?: string[];
  pinKey?: JWK;
}

const publicOnly = <T extends JWK>(jwk: T): T => {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, key_ops: _ops, ext: _ext, ...pub } = jwk;
  return pub as T;
};

/**
 * Signs a trust list with a root key (the issuer side, for tests and demos).
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param o The root key, ids, validity and the keys and lists to publish.
 * @example
 * ```ts
 * import { makeTrustList } from 'yibao-pos/sim';
 * const jws = await makeTrustList({ rootKey, iss: 'nhsa-root', seq: 2, iat, exp: iat + 86_400, keys: [issuerPublic] });
 * ```
 */
export function makeTrustList(o: MakeTrustListOptions): Promise<string> {
  const claims = {
    iss: o.iss,
    iat: o.iat,
    exp: o.exp,
    seq: o.seq,
    keys: o.keys.map(publicOnly),
    revoked: o.revoked ?? [],
    frozen: o.frozen ?? [],
    ...(o.pinKey ? { pinKey: publicOnly(o.pinKey) } : {}),
  };
  return signCompact(o.rootKey, 'ybtl+jwt', claims);
}
