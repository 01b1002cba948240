/**
 * The gateway's online re-verification of a voucher QR: the terminal's own
 * verifier (voucher.md section 2, steps 1-7) against the environment's trust
 * list. Replay (step 8) is the ledger's own record, checked by the handlers,
 * separate from the terminal's. Every refusal becomes a SimRefusal:
 * CREDENTIAL_FROZEN for a `sub` on the trust list's frozen list,
 * VOUCHER_INVALID for anything else, including every voucher once the
 * simulator's own trust list has expired (it is rechecked on each message).
 *
 * @module
 */
import type { JWK } from 'jose';
import type { Clock } from '../lib/clock.js';
import { YibaoError } from '../lib/errors.js';
import { verifyTrustList } from '../voucher/trust-list.js';
import type { TrustList, VoucherClaims, VoucherUse } from '../voucher/types.js';
import { DEFAULT_SKEW_SEC, verifyVoucher } from '../voucher/verify.js';
import { SimRefusal } from './refusal.js';

export async function checkVoucherOnline(
  qrText: unknown,
  options: { trust: TrustList; clock: Clock; use: VoucherUse; skewSec?: number },
): Promise<VoucherClaims> {
  if (typeof qrText !== 'string') throw new SimRefusal('VOUCHER_INVALID', { detail: 'not a voucher' });
  if (Math.floor(options.clock() / 1000) >= options.trust.exp) throw new SimRefusal('VOUCHER_INVALID', { detail: 'TRUST_EXPIRED' });
  try {
    const verified = await verifyVoucher(qrText, { trust: options.trust, clock: options.clock, use: options.use, skewSec: options.skewSec ?? DEFAULT_SKEW_SEC });
    return verified.claims;
  } catch (err) {
    if (!YibaoError.is(err)) throw err;
    if (err.code === 'VOUCHER_FROZEN') throw new SimRefusal('CREDENTIAL_FROZEN');
    throw new SimRefusal('VOUCHER_INVALID', { detail: err.code });
  }
}

/** Verifies the trust list JWS with the root public key; the simulator refuses to start on a bad one. */
export function loadTrustList(jws: string, rootPublicJwk: JWK, clock?: Clock): Promise<TrustList> {
  return verifyTrustList(jws, rootPublicJwk, clock ? { clock } : {});
}
