/**
 * Reconciliation (3201) in the national shape: one message per group of
 * insurance type × clearing type × clearing region, the group's totals from
 * the journals of every till, `refd_setl_flag` saying how cancels count, and
 * for each group that does not balance the entries it counted, one by one.
 *
 * How cancels count (the simulator counts the same way; docs/national-sale.md):
 * with `refd_setl_flag` 1 (the default) a group holds the standing sales of
 * the day, a sale cancelled on any day and its cancel both left out (as the
 * platform mock counts "未撤销" settlements and hsa-his counts
 * `REFD_SETL_FLAG = 1`: normal ones only); with 0 it holds every sale of
 * the day and every cancel of the day as a negative settlement (amounts
 * subtracted, one settlement more), as a HIS that adds sales and subtracts
 * refunds does.
 *
 * @module
 */
import { REFD_STANDING_ONLY } from '../gateway/reconcile-fields.js';
import type { Gateway, Settlement } from '../gateway/types.js';
import { entryClearing } from './clearing.js';
import { checkDay, dayOf, differencesOf, unsettledOf, type ReconcileReport, type Totals } from './reconcile.js';
import type { JournalEntry } from './entry.js';

/**
 * A 3201 group's key: insurance type, clearing type, clearing region (`setl_optins`).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface ClearingGroup {
  insutype: string;
  clrType: string;
  setlOptins: string;
}

/**
 * One settlement a group counted: a sale (+1) or a cancel (-1, `refd_setl_flag` 0 only).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface CountedEntry {
  msgid: string;
  infno: '2102' | '2103';
  setlId: string;
  sign: 1 | -1;
  totalFen: number;
  fundPayFen: number;
  acctPayFen: number;
  bookedAt: number;
}

/**
 * What one group's 3201 found.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface GroupReport extends ClearingGroup {
  balanced: boolean;
  journal: Totals & { fundPayFen: number };
  /** The gateway's totals when it sent them (the national answer does not). */
  gateway?: Totals;
  /** `stmt_rslt_dscr`. */
  description?: string;
  /** Unbalanced groups: every settlement the journal counted, to check against the platform's detail (3202). */
  entries?: CountedEntry[];
}

/**
 * `reconcileDayByGroup`'s report: the sums of `reconcileDay` over all groups, and each group.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface GroupReconcileReport extends ReconcileReport {
  refdSetlFlag: '0' | '1';
  groups: GroupReport[];
}

const keyOf = (g: ClearingGroup): string => `${g.insutype}|${g.clrType}|${g.setlOptins}`;

/** The settlements each group counts on `day` (pure). */
export function groupEntries(entries: readonly JournalEntry[], day: string, offsetMin: number, refdSetlFlag: '0' | '1' = REFD_STANDING_ONLY): Map<string, { group: ClearingGroup; counted: CountedEntry[] }> {
  const sales = new Map<string, JournalEntry>();
  for (const e of entries) {
    const setlId = (e.answer as Partial<Settlement> | null)?.setlId;
    if (e.infno === '2102' && e.state === 'booked' && typeof setlId === 'string') sales.set(setlId, e);
  }
  const cancels = entries.filter((e) => e.infno === '2103' && e.state === 'booked' && e.bookedAt !== null);
  const cancelled = new Set(cancels.map((e) => e.ref.setlId ?? ''));
  const groups = new Map<string, { group: ClearingGroup; counted: CountedEntry[] }>();
  const add = (sale: JournalEntry, counted: CountedEntry) => {
    const c = entryClearing(sale);
    const group = { insutype: c.insutype, clrType: c.clrType, setlOptins: c.clrOptins };
    const k = keyOf(group);
    const g = groups.get(k) ?? { group, counted: [] };
    g.counted.push(counted);
    groups.set(k, g);
  };
  const amounts = (sale: JournalEntry) => {
    const a = (sale.answer ?? {}) as Partial<Settlement>;
    return { totalFen: a.totalFen ?? sale.amountFen, fundPayFen: entryClearing(sale).fundPayFen, acctPayFen: a.acctPayFen ?? 0 };
  };
  for (const [setlId, sale] of sales) {
    if (sale.bookedAt === null || dayOf(sale.bookedAt, offsetMin) !== day) continue;
    if (refdSetlFlag === REFD_STANDING_ONLY && cancelled.has(setlId)) continue;
    add(sale, { msgid: sale.msgid, infno: '2102', setlId, sign: 1, ...amounts(sale), bookedAt: sale.bookedAt });
  }
  if (refdSetlFlag !== REFD_STANDING_ONLY) {
    for (const c of cancels) {
      const sale = sales.get(c.ref.setlId ?? '');
      if (!sale || dayOf(c.bookedAt!, offsetMin) !== day) continue;
      add(sale, { msgid: c.msgid, infno: '2103', setlId: c.ref.setlId!, sign: -1, ...amounts(sale), bookedAt: c.bookedAt! });
    }
  }
  return groups;
}

function sum(counted: readonly CountedEntry[]): Totals & { fundPayFen: number } {
  const t = { totalFen: 0, fundPayFen: 0, acctPayFen: 0, count: 0 };
  for (const c of counted) {
    t.totalFen += c.sign * c.totalFen;
    t.fundPayFen += c.sign * c.fundPayFen;
    t.acctPayFen += c.sign * c.acctPayFen;
    t.count += 1;
  }
  return t;
}

/**
 * Reconciles a pharmacy's day group by group (national 3201): one message
 * per insurance type × clearing type × clearing region the journals of its
 * tills hold that day. A day without settlements sends nothing.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 * @param gateway The gateway client (3201).
 * @param journals The entries of each till's journal.
 * @param day The local day, `YYYY-MM-DD`.
 * @param offsetMin The local time's offset from UTC in minutes.
 * @param opts `refdSetlFlag`: `1` (default) standing sales only; `0` cancels counted as negative settlements.
 * @example
 * ```ts
 * import { reconcileDayByGroup, readJournalEntries, CHINA_UTC_OFFSET_MIN } from 'yibao-pos';
 * const r = await reconcileDayByGroup(client, [await readJournalEntries(file)], '2026-03-01', CHINA_UTC_OFFSET_MIN);
 * for (const g of r.groups) console.log(g.insutype, g.setlOptins, g.balanced);
 * ```
 */
export async function reconcileDayByGroup(
  gateway: Gateway,
  journals: ReadonlyArray<readonly JournalEntry[]>,
  day: string,
  offsetMin: number,
  opts: { refdSetlFlag?: '0' | '1' } = {},
): Promise<GroupReconcileReport> {
  checkDay(day);
  const refdSetlFlag = opts.refdSetlFlag ?? REFD_STANDING_ONLY;
  const entries = journals.flat();
  const groups: GroupReport[] = [];
  for (const { group, counted } of groupEntries(entries, day, offsetMin, refdSetlFlag).values()) {
    const journal = sum(counted);
    const answer = await gateway.reconcile({
      beginDate: day,
      endDate: day,
      totalFen: journal.totalFen,
      acctPayFen: journal.acctPayFen,
      fundPayFen: journal.fundPayFen,
      count: journal.count,
      insutype: group.insutype,
      clrType: group.clrType,
      setlOptins: group.setlOptins,
      refdSetlFlag,
    });
    const g: GroupReport = { ...group, balanced: answer.balanced, journal };
    if (answer.totalsFromGateway) g.gateway = answer.gateway;
    if (answer.description !== undefined) g.description = answer.description;
    if (!answer.balanced) g.entries = [...counted].sort((a, b) => a.bookedAt - b.bookedAt);
    groups.push(g);
  }
  const total = (pick: (g: GroupReport) => Totals): Totals =>
    groups.reduce((t, g) => ({ totalFen: t.totalFen + pick(g).totalFen, acctPayFen: t.acctPayFen + pick(g).acctPayFen, count: t.count + pick(g).count }), { totalFen: 0, acctPayFen: 0, count: 0 });
  const journal = total((g) => g.journal);
  const gatewayTotals = total((g) => g.gateway ?? g.journal);
  const differences = differencesOf(journal, gatewayTotals);
  return { day, balanced: groups.every((g) => g.balanced) && differences.length === 0, journal, gateway: gatewayTotals, differences, unsettled: unsettledOf(entries, day, offsetMin), refdSetlFlag, groups };
}
