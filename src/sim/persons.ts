/**
 * Who a verified voucher stands for at the gateway: credential → person,
 * with the frozen, enrolment, family-account (act) and mutual-aid rules.
 * Runs inside the ledger transaction.
 *
 * @module
 */
import type { VoucherClaims } from '../voucher/types.js';
import type { CredentialRow, Ledger, PersonRow } from './ledger/ledger.js';
import { SimRefusal } from './refusal.js';

export interface Resolved {
  credential: CredentialRow;
  person: PersonRow;
}

function credentialOf(ledger: Ledger, sub: string): CredentialRow {
  const credential = ledger.credential(sub);
  if (!credential) throw new SimRefusal('NOT_ENROLLED');
  if (credential.frozen) throw new SimRefusal('CREDENTIAL_FROZEN');
  return credential;
}

/** The person a voucher names; a family-account voucher must come from an owner who added the member. */
export function resolveVoucher(ledger: Ledger, claims: VoucherClaims): Resolved {
  const credential = credentialOf(ledger, claims.sub);
  if (claims.act) {
    credentialOf(ledger, claims.act.sub);
    if (!ledger.familyLinked(claims.act.sub, claims.sub)) {
      throw new SimRefusal('VOUCHER_INVALID', { detail: 'act.sub did not add this family member' });
    }
  }
  const person = ledger.person(credential.psn_no);
  if (!person || !person.enrolled) throw new SimRefusal('NOT_ENROLLED');
  return { credential, person };
}

/** Resolves the payer of a mutual-aid sale: an account holder who bound the patient. */
export function resolvePayer(ledger: Ledger, claims: VoucherClaims, patient: PersonRow): Resolved {
  if (claims.act) throw new SimRefusal('VOUCHER_INVALID', { detail: 'a payer shows their own code' });
  const payer = resolveVoucher(ledger, claims);
  if (payer.person.suspended) throw new SimRefusal('INSURANCE_SUSPENDED');
  if (
    payer.person.psn_no === patient.psn_no ||
    ledger.balance(payer.person.psn_no) === undefined ||
    !ledger.binding(payer.person.psn_no, patient.psn_no)
  ) {
    throw new SimRefusal('NO_MUTUAL_AID_BINDING');
  }
  return payer;
}
