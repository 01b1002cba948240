/**
 * The credential a sale message carries in `mdtrt_cert_no`: an offline
 * voucher (`YBV1:` JWS, checked by online-voucher.ts) or an ecToken that 1162
 * handed out for a national voucher code. An ecToken stands for the code's
 * holder until the code expires; its single use is the ledger's jti record,
 * the same as a voucher's (the token is its jti).
 *
 * @module
 */
import { VOUCHER_PREFIX } from '../voucher/classify.js';
import type { VoucherClaims, VoucherUse } from '../voucher/types.js';
import type { SimState } from './context.js';
import { ecCodeByToken, type EcCodeRow } from './ledger/national-tables.js';
import { checkVoucherOnline } from './online-voucher.js';
import { SimRefusal } from './refusal.js';

/** The claims an issued national code stands for, as if it were a voucher. */
export function ecClaims(row: EcCodeRow, reg: string): VoucherClaims {
  return {
    iss: 'nhsa-ec',
    sub: row.sub,
    iat: Math.floor(row.issued_at / 1000),
    exp: Math.floor(row.expires_at / 1000),
    jti: row.token,
    use: 'pay',
    reg,
    chn: row.chn,
    ...(row.act_sub ? { act: { sub: row.act_sub } } : {}),
  };
}

/** Refuses an expired national code (VOUCHER_INVALID) or one whose holder is unknown (NOT_ENROLLED). */
export function liveEcClaims(state: SimState, row: EcCodeRow): VoucherClaims {
  if (state.clock() > row.expires_at + state.skewSec * 1000) throw new SimRefusal('VOUCHER_INVALID', { detail: 'code expired' });
  const credential = state.ledger.credential(row.sub);
  const person = credential ? state.ledger.person(credential.psn_no) : undefined;
  if (!person) throw new SimRefusal('NOT_ENROLLED');
  return ecClaims(row, person.reg);
}

export async function checkCredentialOnline(state: SimState, text: unknown, use: VoucherUse): Promise<VoucherClaims> {
  if (typeof text === 'string' && !text.startsWith(VOUCHER_PREFIX)) {
    const row = ecCodeByToken(state.ledger, text);
    if (!row) throw new SimRefusal('VOUCHER_INVALID', { detail: 'unknown ecToken' });
    return liveEcClaims(state, row);
  }
  return checkVoucherOnline(text, { trust: state.trust, clock: state.clock, use, skewSec: state.skewSec });
}
