/**
 * The account owner's side of mutual aid (共济) and family accounts (亲情账户),
 * as the admin API exposes them: bind and unbind a family member (a binding
 * younger than 3 months cannot be undone), add a family-account member (at
 * most 5 per owner). Each returns an HTTP status and a short reason.
 *
 * @module
 */
import type { Ledger } from './ledger/ledger.js';
import { BINDING_LOCK_MS, canUnbind, FAMILY_MAX_MEMBERS } from './rules/mutual-aid.js';

export interface FamilyReply {
  status: 200 | 400 | 404 | 409;
  body: Record<string, unknown>;
}

const fail = (status: 400 | 404 | 409, error: string): FamilyReply => ({ status, body: { error } });

export function bindMember(ledger: Ledger, ownerPsnNo: string, memberPsnNo: string, now: number): FamilyReply {
  const owner = ledger.person(ownerPsnNo);
  if (!owner || !ledger.person(memberPsnNo)) return fail(404, 'unknown psn_no');
  if (ownerPsnNo === memberPsnNo) return fail(400, 'an owner cannot bind themselves');
  if (owner.insutype !== '310' || ledger.balance(ownerPsnNo) === undefined) return fail(409, 'only an employee-insured owner with a personal account can bind');
  if (ledger.binding(ownerPsnNo, memberPsnNo)) return fail(409, 'already bound');
  ledger.addBinding(ownerPsnNo, memberPsnNo, now);
  return { status: 200, body: { owner_psn_no: ownerPsnNo, member_psn_no: memberPsnNo, bound_at: now } };
}

export function unbindMember(ledger: Ledger, ownerPsnNo: string, memberPsnNo: string, now: number): FamilyReply {
  const b = ledger.binding(ownerPsnNo, memberPsnNo);
  if (!b) return fail(404, 'no such binding');
  if (!canUnbind(b.bound_at, now)) {
    return { status: 409, body: { error: 'a binding younger than 3 months cannot be undone', unbindableAt: b.bound_at + BINDING_LOCK_MS } };
  }
  ledger.removeBinding(ownerPsnNo, memberPsnNo);
  return { status: 200, body: { owner_psn_no: ownerPsnNo, member_psn_no: memberPsnNo } };
}

export function addFamilyMember(ledger: Ledger, ownerSub: string, memberSub: string, now: number): FamilyReply {
  if (!ledger.credential(ownerSub) || !ledger.credential(memberSub)) return fail(404, 'unknown sub');
  if (ownerSub === memberSub) return fail(400, 'an owner cannot add themselves');
  if (ledger.familyLinked(ownerSub, memberSub)) return fail(409, 'already added');
  if (ledger.familyCount(ownerSub) >= FAMILY_MAX_MEMBERS) return fail(409, `an owner may add at most ${FAMILY_MAX_MEMBERS} members`);
  ledger.addFamilyLink(ownerSub, memberSub, now);
  return { status: 200, body: { owner_sub: ownerSub, member_sub: memberSub } };
}
