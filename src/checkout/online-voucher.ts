/**
 * The second voucher source: a national voucher code (opaque digits, see
 * gateway/transactions/1162.ts) decoded online by the gateway, beside the offline
 * `YBV1:` JWS. Both become a `SaleVoucher`, so the sale, its family flows,
 * the PIN and the receipt do not care which path verified the code; the
 * path is carried along for the cashier (`verifiedBy`).
 *
 * Offline codes are checked here (signature, expiry, replay guard); online
 * codes are checked by the platform (it refuses expired and used codes), so
 * no local jti or expiry check applies to them.
 *
 * @module
 */
import type { EcIdentity } from '../gateway/types.js';
import { NATIONAL_CODE_PATTERN } from '../voucher/classify.js';
import type { Gateway } from '../gateway/types.js';
import type { VoucherClaims } from '../voucher/types.js';
import { CheckoutError } from './errors.js';

/**
 * Which path verified a code: `offline` (signed voucher, trust list) or `online` (decoded by the platform).
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export type VerifiedBy = 'offline' | 'online';

/**
 * A verified code as the sale uses it.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface SaleVoucher {
  /** What the gateway gets as `mdtrt_cert_no`: the voucher text, or the ecToken of a national code. */
  qrText: string;
  claims: VoucherClaims;
  verifiedBy: VerifiedBy;
}

/**
 * Which scanned texts are national codes; `false` turns the online source off.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export type NationalCodeOption = { pattern?: RegExp } | false;

/** The terminal's option as classifyScan takes it: the pattern of national codes, or `false` for none. */
export function nationalPattern(option: NationalCodeOption | undefined): RegExp | false {
  return option === false ? false : option?.pattern ?? NATIONAL_CODE_PATTERN;
}

/**
 * `张三` → `张*`, `欧阳娜娜` → `欧**娜`: what the cashier's screen shows.
 *
 * Exported from `yibao-pos/sim`.
 * @param name A full name.
 * @example
 * ```ts
 * import { maskName } from 'yibao-pos/sim';
 * maskName('张小三'); // '张*三'
 * ```
 */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Id numbers keep their first 4 and last 4 characters. */
export function maskIdNo(id: string): string {
  if (id.includes('*') || id.length <= 8) return id;
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** The claims a decoded national code stands for; names and id numbers masked, the token as jti. */
export function onlineVoucher(identity: EcIdentity, nowMs: number): SaleVoucher {
  const iat = Math.floor(nowMs / 1000);
  const claims: VoucherClaims = {
    iss: 'nhsa-ec',
    sub: identity.ecIndexNo,
    iat,
    exp: iat,
    jti: identity.ecToken,
    use: 'pay',
    reg: identity.insuOrg,
    chn: identity.chnlId ?? 'nhsa-app',
    nm: maskName(identity.userName),
    idm: maskIdNo(identity.idNo),
  };
  if (identity.guardianEcIndexNo !== undefined) claims.act = { sub: identity.guardianEcIndexNo };
  return { qrText: identity.ecToken, claims, verifiedBy: 'online' };
}

/** Decodes a national code through the gateway (1162); a gateway without it cannot take such codes. */
export async function verifyOnline(gateway: Gateway, code: string, nowMs: number, signal?: AbortSignal): Promise<SaleVoucher> {
  if (!gateway.decodeVoucherCode) throw new CheckoutError('CHECKOUT_ONLINE_VOUCHER_UNSUPPORTED');
  const identity = await gateway.decodeVoucherCode(code, signal ? { signal } : {});
  return onlineVoucher(identity, nowMs);
}
