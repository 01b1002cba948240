/**
 * Reconciliation (3201) of one day: the booked 2102s of that local day in
 * the journals of every till of the pharmacy (3201 totals are per pharmacy),
 * less those a booked 2103 of any till cancelled, against the gateway's totals.
 * The gateway answers totals only, so the report lists the figures that
 * differ and the journal entries of the day that could explain a difference
 * (settlements still being reversed).
 *
 * @module
 */
import { localTime } from '../gateway/local-time.js';
import type { Gateway } from '../gateway/types.js';
import { JournalError } from './errors.js';
import { isUnfinished } from './states.js';
import type { JournalEntry } from './entry.js';

/**
 * A day's booked totals: amount, personal-account amount (fen) and count.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface Totals {
  totalFen: number;
  acctPayFen: number;
  count: number;
}

/**
 * What `SettlementJournal.reconcile` reports for a day: both sides' totals, the figures that differ, and the day's entries still being settled.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface ReconcileReport {
  day: string;
  balanced: boolean;
  journal: Totals;
  gateway: Totals;
  /** Each figure that differs, gateway minus journal. */
  differences: Array<{ field: keyof Totals; journal: number; gateway: number; delta: number }>;
  /** The day's settlements whose outcome the terminal is still settling (reversal pending). */
  unsettled: Array<{ msgid: string; amountFen: number; state: string }>;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks that a text is a real calendar day written `YYYY-MM-DD`, as `reconcile` takes it.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @param day The text to check.
 * @example
 * ```ts
 * import { checkDay } from 'yibao-pos';
 * checkDay('2026-03-01'); // ok
 * checkDay('2026-02-30'); // throws JOURNAL_DATE_INVALID
 * ```
 */
export function checkDay(day: string): void {
  const m = DAY.exec(day);
  const valid = m !== null && (() => {
    const d = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
  })();
  if (!valid) throw new JournalError('JOURNAL_DATE_INVALID', { details: { day: String(day).slice(0, 20) } });
}

/** The local day (`YYYY-MM-DD`) of a moment. */
export const dayOf = (ms: number, offsetMin: number): string => localTime(ms, offsetMin).text.slice(0, 10);

/** Field by field, where the gateway's totals differ from the journal's (both reconciliations report them so). */
export function differencesOf(journal: Totals, gateway: Totals): ReconcileReport['differences'] {
  const differences: ReconcileReport['differences'] = [];
  for (const field of ['totalFen', 'acctPayFen', 'count'] as const) {
    if (journal[field] !== gateway[field]) differences.push({ field, journal: journal[field], gateway: gateway[field], delta: gateway[field] - journal[field] });
  }
  return differences;
}

/** The day's money messages whose outcome the terminal is still settling (reversal pending and the like). */
export function unsettledOf(entries: readonly JournalEntry[], day: string, offsetMin: number): ReconcileReport['unsettled'] {
  return entries
    .filter((e) => e.infno !== '2601' && isUnfinished(e) && dayOf(e.createdAt, offsetMin) === day)
    .map((e) => ({ msgid: e.msgid, amountFen: e.amountFen, state: e.state }));
}

/**
 * The journal's own totals of a day (pure).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @param entries The journal's entries (`readJournalEntries`).
 * @param day The local day, `YYYY-MM-DD`.
 * @param offsetMin The local time's offset from UTC in minutes (China: `CHINA_UTC_OFFSET_MIN`).
 *
 * @example
 * ```ts
 * import { journalTotals, readJournalEntries, CHINA_UTC_OFFSET_MIN } from 'yibao-pos';
 * const t = journalTotals(await readJournalEntries(file), '2026-03-01', CHINA_UTC_OFFSET_MIN);
 * console.log(t.count, t.totalFen);
 * ```
 */
export function journalTotals(entries: readonly JournalEntry[], day: string, offsetMin: number): Totals {
  const cancelled = new Set(
    entries.filter((e) => e.infno === '2103' && e.state === 'booked').map((e) => e.ref.setlId ?? ''),
  );
  const t: Totals = { totalFen: 0, acctPayFen: 0, count: 0 };
  for (const e of entries) {
    if (e.infno !== '2102' || e.state !== 'booked' || e.bookedAt === null) continue;
    if (dayOf(e.bookedAt, offsetMin) !== day) continue;
    const answer = (e.answer ?? {}) as { setlId?: string; totalFen?: number; acctPayFen?: number };
    if (answer.setlId !== undefined && cancelled.has(answer.setlId)) continue;
    t.totalFen += answer.totalFen ?? e.amountFen;
    t.acctPayFen += answer.acctPayFen ?? 0;
    t.count += 1;
  }
  return t;
}

/**
 * Reconciles a pharmacy's day over the journals of all its tills: their booked totals together against the gateway's (3201).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 * @param gateway The gateway client (3201).
 * @param journals The entries of each till's journal.
 * @param day The local day, `YYYY-MM-DD`.
 * @param offsetMin The local time's offset from UTC in minutes (China: `CHINA_UTC_OFFSET_MIN`).
 * @example
 * ```ts
 * import { CHINA_UTC_OFFSET_MIN, readJournalEntries, reconcileDay } from 'yibao-pos';
 * const journals = [await readJournalEntries(till1File), await readJournalEntries(till2File)];
 * const report = await reconcileDay(client, journals, '2026-03-01', CHINA_UTC_OFFSET_MIN);
 * console.log(report.balanced);
 * ```
 */
export async function reconcileDay(
  gateway: Gateway,
  journals: ReadonlyArray<readonly JournalEntry[]>,
  day: string,
  offsetMin: number,
): Promise<ReconcileReport> {
  checkDay(day);
  const entries = journals.flat();
  const journal = journalTotals(entries, day, offsetMin);
  const answer = await gateway.reconcile({ beginDate: day, endDate: day, ...journal });
  const differences = differencesOf(journal, answer.gateway);
  return { day, balanced: answer.balanced && differences.length === 0, journal, gateway: answer.gateway, differences, unsettled: unsettledOf(entries, day, offsetMin) };
}
