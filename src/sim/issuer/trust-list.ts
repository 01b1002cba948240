/**
 * Makes a signed trust list (voucher.md section 3) with a root private key.
 *
 * @module
 */
import type { JWK } from 'jose';
import type { TrustedKey } from '../../voucher/types.js';
import { signCompact } from './signing.js';

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
