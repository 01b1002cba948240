/**
 * Which journal entries a till pushes, and as what (pure): 2102s and 2103s
 * in a final state (booked, refused, reversed) with their settlement; open
 * reversals go into the status instead.
 *
 * @module
 */
import type { JournalEntry } from './entry.js';
import { isUnfinished } from './states.js';
import type { Settlement } from '../gateway/types.js';
import type { PushEntry, PushStatus } from './push-format.js';

/** True when the entry is one the back office should get (a 2102/2103 that will not change again). */
export function isPushable(e: JournalEntry): boolean {
  return (e.infno === '2102' || e.infno === '2103') && !isUnfinished(e) && (e.state === 'booked' || e.state === 'refused' || e.state === 'reversed');
}

/** The push form of a final 2102/2103 entry. */
export function toPushEntry(e: JournalEntry): PushEntry {
  const s = (e.infno === '2102' && e.state === 'booked' ? e.answer : undefined) as Partial<Settlement> | undefined;
  const kept = s !== undefined;
  return {
    msgid: e.msgid,
    infno: e.infno as '2102' | '2103',
    state: e.state as PushEntry['state'],
    psnNo: e.psnNo,
    insutype: s?.national?.insutype ?? e.ref.insutype ?? '310',
    clrType: s?.national?.clrType ?? '41',
    setlOptins: s?.national?.clrOptins ?? e.insuplcAdmdvs,
    amountFen: e.amountFen,
    totalFen: kept ? (s.totalFen ?? e.amountFen) : 0,
    fundPayFen: kept ? (s.fundPayFen ?? 0) : 0,
    acctPayFen: kept ? (s.acctPayFen ?? 0) : 0,
    cashFen: kept ? (s.cashFen ?? 0) : 0,
    setlId: s?.setlId ?? null,
    mdtrtId: s?.mdtrtId ?? e.ref.mdtrtId ?? null,
    cancelsSetlId: e.infno === '2103' ? (e.ref.setlId ?? null) : null,
    bookedAt: e.bookedAt,
    createdAt: e.createdAt,
  };
}

/** The till's status: its open reversals (the back office explains differences with them). */
export function pushStatus(entries: readonly JournalEntry[], unpushed: number, pendingUploads: number): PushStatus {
  return {
    pendingReversals: entries
      .filter((e) => (e.infno === '2102' || e.infno === '2103') && isUnfinished(e))
      .slice(0, 500)
      .map((e) => ({ msgid: e.msgid, infno: e.infno, amountFen: e.amountFen })),
    pendingUploads,
    unpushed,
  };
}
