/**
 * How a journaled settlement clears (3201 groups), pure: kept when it books
 * (`clearingOfSettlement`) and read back for reconciliation
 * (`entryClearing`), with what an older journal lacks derived from the
 * stored answer: clearing type 41 (pharmacy purchases), the insured region
 * as clearing region (an 异地 sale clears at the insured person's agency).
 *
 * @module
 */
import { CLR_TYPE_PHARMACY } from '../gateway/reconcile-fields.js';
import type { Settlement } from '../gateway/types.js';
import type { Clearing, JournalEntry } from './entry.js';

/** The clearing of a booked 2102 from its answer; the insured region when the gateway did not name one. */
export function clearingOfSettlement(s: Settlement, insuplcAdmdvs: string): Omit<Clearing, 'insutype'> {
  return { clrType: s.national?.clrType || CLR_TYPE_PHARMACY, clrOptins: s.national?.clrOptins || insuplcAdmdvs, fundPayFen: s.fundPayFen };
}

/** An entry's clearing, derived from its answer where the journal kept none (entries made before it did). */
export function entryClearing(e: JournalEntry): Clearing {
  const answer = (e.answer ?? {}) as Partial<Settlement>;
  const c = e.clearing;
  return {
    insutype: c?.insutype || answer.national?.insutype || '',
    clrType: c?.clrType || answer.national?.clrType || CLR_TYPE_PHARMACY,
    clrOptins: c?.clrOptins || answer.national?.clrOptins || e.insuplcAdmdvs,
    fundPayFen: c?.clrType ? c.fundPayFen : (answer.fundPayFen ?? 0),
  };
}
