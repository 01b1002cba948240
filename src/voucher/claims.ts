/**
 * Type checks of voucher claims (voucher.md section 1), pure.
 *
 * @module
 */
import type { VoucherClaims } from './types.js';

const SUB = /^[A-Za-z0-9_-]{8,64}$/;
const JTI = /^[A-Za-z0-9_-]{16,128}$/;
const REG = /^\d{6}$/;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isOptString = (v: unknown) => v === undefined || (typeof v === 'string' && v.length <= 64);

/** The typed claims, or undefined when any required claim is missing or of the wrong type. */
export function readClaims(raw: Record<string, unknown>): VoucherClaims | undefined {
  const { iss, sub, iat, exp, jti, use, reg, chn, nm, idm, act } = raw;
  if (typeof iss !== 'string' || iss.length === 0) return undefined;
  if (typeof sub !== 'string' || !SUB.test(sub)) return undefined;
  if (!isInt(iat) || !isInt(exp)) return undefined;
  if (typeof jti !== 'string' || !JTI.test(jti)) return undefined;
  if (use !== 'pay' && use !== 'id') return undefined;
  if (typeof reg !== 'string' || !REG.test(reg)) return undefined;
  if (typeof chn !== 'string' || chn.length === 0 || chn.length > 64) return undefined;
  if (!isOptString(nm) || !isOptString(idm)) return undefined;
  let actor: { sub: string } | undefined;
  if (act !== undefined) {
    if (typeof act !== 'object' || act === null || Array.isArray(act)) return undefined;
    const actSub = (act as Record<string, unknown>).sub;
    if (typeof actSub !== 'string' || !SUB.test(actSub)) return undefined;
    actor = { sub: actSub };
  }
  const claims: VoucherClaims = { iss, sub, iat, exp, jti, use, reg, chn };
  if (nm !== undefined) claims.nm = nm as string;
  if (idm !== undefined) claims.idm = idm as string;
  if (actor) claims.act = actor;
  return claims;
}
