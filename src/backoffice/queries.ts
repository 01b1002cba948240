/**
 * The SQL the reports and reconciliation run. Each names one pharmacy (one
 * shard on a distributed server) except the chain-wide roll-ups, which are
 * per-pharmacy aggregates a distributed server runs on every shard at once.
 * A day's booked sales are read from the partitions of that day and the day
 * before (a sale begun before midnight is booked on the next day).
 *
 * @module
 */
import { CHINA_UTC_OFFSET_MIN } from '../gateway/local-time.js';
import type { Sql } from './db.js';

export interface GroupTotals {
  insutype: string;
  clrType: string;
  setlOptins: string;
  totalFen: number;
  fundPayFen: number;
  acctPayFen: number;
  cashFen: number;
  count: number;
}

/** One settlement of the day, with the group and the amounts `GroupTotals` sums. */
export interface EntryRow extends Omit<GroupTotals, 'count'> {
  till: number;
  msgid: string;
  psnNo: string;
  setlId: string;
  mdtrtId: string;
  cancelled: boolean;
}

export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const BOOKED_SALES = `
  FROM entries e
  WHERE e.pharmacy = $1 AND e.day BETWEEN $2::date AND $3::date AND e.booked_day = $3::date
    AND e.infno = '2102' AND e.state = 'booked'`;
const CANCELLED = `EXISTS (SELECT 1 FROM entries c WHERE c.pharmacy = e.pharmacy
    AND c.infno = '2103' AND c.state = 'booked' AND c.cancels_setl_id = e.setl_id)`;

/** A pharmacy-day's booked, not cancelled sales per insutype × clr_type × clearing agency. */
export async function groupTotals(sql: Sql, pharmacy: string, day: string): Promise<GroupTotals[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT e.insutype, e.clr_type, e.setl_optins, sum(e.total_fen) AS total, sum(e.fund_pay_fen) AS fund,
            sum(e.acct_pay_fen) AS acct, sum(e.cash_fen) AS cash, count(*) AS n
     ${BOOKED_SALES} AND NOT ${CANCELLED}
     GROUP BY e.insutype, e.clr_type, e.setl_optins ORDER BY 1, 2, 3`,
    [pharmacy, previousDay(day), day],
  );
  return rows.map((r) => ({
    insutype: String(r.insutype),
    clrType: String(r.clr_type),
    setlOptins: String(r.setl_optins),
    totalFen: Number(r.total),
    fundPayFen: Number(r.fund),
    acctPayFen: Number(r.acct),
    cashFen: Number(r.cash),
    count: Number(r.n),
  }));
}

/** A pharmacy-day's booked sales one by one (cancelled ones flagged), for the 3202 detail file. */
export async function dayEntries(sql: Sql, pharmacy: string, day: string): Promise<EntryRow[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT e.till, e.msgid, e.psn_no, e.insutype, e.clr_type, e.setl_optins, e.total_fen, e.fund_pay_fen, e.acct_pay_fen, e.cash_fen,
            e.setl_id, e.mdtrt_id, ${CANCELLED} AS cancelled
     ${BOOKED_SALES} ORDER BY e.till, e.msgid`,
    [pharmacy, previousDay(day), day],
  );
  return rows.map((r) => ({
    till: Number(r.till),
    msgid: String(r.msgid),
    psnNo: String(r.psn_no),
    insutype: String(r.insutype),
    clrType: String(r.clr_type),
    setlOptins: String(r.setl_optins),
    totalFen: Number(r.total_fen),
    fundPayFen: Number(r.fund_pay_fen),
    acctPayFen: Number(r.acct_pay_fen),
    cashFen: Number(r.cash_fen),
    setlId: String(r.setl_id ?? ''),
    mdtrtId: String(r.mdtrt_id ?? ''),
    cancelled: r.cancelled === true || r.cancelled === 't',
  }));
}

export interface TillStatusRow {
  pharmacy: string;
  till: number;
  lastPushAt: number | null;
  pendingReversals: Array<{ msgid: string; infno: string; amountFen: number }>;
  pendingUploads: number;
  unpushed: number;
}

/** Every registered till with what it last said about itself (null: never pushed); one pharmacy or all. */
export async function tillStatus(sql: Sql, pharmacy?: string): Promise<TillStatusRow[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT t.pharmacy, t.till, s.last_push_at, s.pending_reversals, s.pending_uploads, s.unpushed
     FROM tills t LEFT JOIN till_status s ON s.pharmacy = t.pharmacy AND s.till = t.till
     WHERE ($1::text IS NULL OR t.pharmacy = $1) ORDER BY t.pharmacy, t.till`,
    [pharmacy ?? null],
  );
  return rows.map((r) => ({
    pharmacy: String(r.pharmacy),
    till: Number(r.till),
    lastPushAt: r.last_push_at === null ? null : Number(r.last_push_at),
    pendingReversals: r.pending_reversals === null ? [] : (JSON.parse(String(r.pending_reversals)) as TillStatusRow['pendingReversals']),
    pendingUploads: Number(r.pending_uploads ?? 0),
    unpushed: Number(r.unpushed ?? 0),
  }));
}

/** Booked sales per pharmacy, till and local hour of a day (the page's chart). */
export async function salesByHour(sql: Sql, day: string): Promise<Array<{ pharmacy: string; till: number; hour: number; totalFen: number; count: number }>> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT e.pharmacy, e.till, floor(((e.booked_at / 1000 + ${CHINA_UTC_OFFSET_MIN * 60}) % 86400) / 3600) AS hour, sum(e.total_fen) AS total, count(*) AS n
     FROM entries e WHERE e.day BETWEEN $1::date AND $2::date AND e.booked_day = $2::date AND e.infno = '2102' AND e.state = 'booked'
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [previousDay(day), day],
  );
  return rows.map((r) => ({ pharmacy: String(r.pharmacy), till: Number(r.till), hour: Number(r.hour), totalFen: Number(r.total), count: Number(r.n) }));
}

/** Refused pushes per pharmacy and reason. */
export async function refusals(sql: Sql): Promise<Array<{ pharmacy: string; reason: string; count: number }>> {
  const rows = await sql.query<Record<string, unknown>>('SELECT pharmacy, reason, count FROM refusals ORDER BY pharmacy, reason');
  return rows.map((r) => ({ pharmacy: String(r.pharmacy), reason: String(r.reason), count: Number(r.count) }));
}

/** The last reconciliation of each pharmacy-day that did not balance. */
export async function unbalancedDays(sql: Sql): Promise<Array<{ pharmacy: string; day: string; report: unknown }>> {
  const rows = await sql.query<Record<string, unknown>>(
    "SELECT pharmacy, to_char(day, 'YYYY-MM-DD') AS day, report FROM reconciliations WHERE NOT balanced ORDER BY day DESC, pharmacy LIMIT 200",
  );
  return rows.map((r) => ({ pharmacy: String(r.pharmacy), day: String(r.day), report: JSON.parse(String(r.report)) as unknown }));
}

export async function saveReconciliation(sql: Sql, pharmacy: string, day: string, balanced: boolean, report: unknown, now: number): Promise<void> {
  await sql.query(
    `INSERT INTO reconciliations (pharmacy, day, at, balanced, report) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (pharmacy, day) DO UPDATE SET at = EXCLUDED.at, balanced = EXCLUDED.balanced, report = EXCLUDED.report`,
    [pharmacy, day, now, balanced, JSON.stringify(report)],
  );
}
