/**
 * Draws a voucher code the way a wallet app does: `YBV1:` + compact JWS.
 * A test and simulator tool; `ttl` above 60 is allowed here so that tests
 * can make codes the terminal must refuse.
 *
 * @module
 */
import { base64url, type JWK } from 'jose';
import { systemRandom, type RandomSource } from '../../lib/clock.js';
import type { VoucherUse } from '../../voucher/types.js';
import { signCompact } from './signing.js';

/**
 * Options of `issueVoucher`: issuer key and the voucher's claims.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface IssueVoucherOptions {
  /** The issuer's private JWK, with kid and alg. */
  key: JWK;
  iss: string;
  sub: string;
  use?: VoucherUse;
  reg?: string;
  chn?: string;
  nm?: string;
  idm?: string;
  actSub?: string;
  /** Seconds; defaults to now. */
  iat?: number;
  /** Seconds, default 60. */
  ttl?: number;
  jti?: string;
  random?: RandomSource;
}

/**
 * Issues a voucher code (`YBV1:…`) as the wallet app would (the issuer side, for tests and demos).
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param o The issuer key and the claims (subject, region, channel, lifetime…).
 * @example
 * ```ts
 * import { issueVoucher, readEnvKey } from 'yibao-pos/sim';
 * const qrText = await issueVoucher({ key: await readEnvKey(dir, 'issuer', 'private'), iss: 'nhsa', sub: 'ABCDEFGH12', reg: '420100' });
 * ```
 */
export function issueVoucher(o: IssueVoucherOptions): Promise<string> {
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  const claims = {
    iss: o.iss,
    sub: o.sub,
    iat,
    exp: iat + (o.ttl ?? 60),
    jti: o.jti ?? base64url.encode((o.random ?? systemRandom)(16)),
    use: o.use ?? 'pay',
    reg: o.reg ?? '420100',
    chn: o.chn ?? 'nhsa-app',
    ...(o.nm !== undefined ? { nm: o.nm } : {}),
    ...(o.idm !== undefined ? { idm: o.idm } : {}),
    ...(o.actSub !== undefined ? { act: { sub: o.actSub } } : {}),
  };
  return signCompact(o.key, 'ybv+jwt', claims).then((jws) => `YBV1:${jws}`);
}
