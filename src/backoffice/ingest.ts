/**
 * Storing verified pushes: each one's nonce (a second copy is a replay), its
 * entries and uploads (idempotent on pharmacy, till and msgid: a retry of a
 * push whose answer was lost stores nothing twice) and the till's status;
 * the pushes that arrived together in one transaction (group-commit.ts).
 *
 * @module
 */
import { msgidDay, type PushAnswer, type PushBody } from '../journal/push-format.js';
import type { Sql } from './db.js';
import { BackofficeError } from './errors.js';
import type { Partitions } from './partitions.js';
import { localDay } from './local-day.js';

/** How far a push's send time may be from the back office's clock (and how long nonces are kept). */
export const PUSH_WINDOW_MS = 10 * 60 * 1000;

/** A table's columns as written here, with their SQL types (the rows travel as one JSON parameter). */
type Columns = ReadonlyArray<readonly [name: string, type: string]>;

const ENTRY_COLUMNS: Columns = [
  ['pharmacy', 'text'], ['day', 'date'], ['till', 'int'], ['msgid', 'text'], ['infno', 'text'], ['state', 'text'], ['psn_no', 'text'],
  ['insutype', 'text'], ['clr_type', 'text'], ['setl_optins', 'text'], ['amount_fen', 'int8'], ['total_fen', 'int8'], ['fund_pay_fen', 'int8'],
  ['acct_pay_fen', 'int8'], ['cash_fen', 'int8'], ['setl_id', 'text'], ['mdtrt_id', 'text'], ['cancels_setl_id', 'text'],
  ['booked_at', 'int8'], ['booked_day', 'date'], ['created_at', 'int8'], ['received_at', 'int8'],
];
const UPLOAD_COLUMNS: Columns = [
  ['pharmacy', 'text'], ['day', 'date'], ['till', 'int'], ['msgid', 'text'], ['infno', 'text'], ['state', 'text'], ['sale_msgid', 'text'],
  ['lines', 'int'], ['received_at', 'int8'],
];
const NONCE_COLUMNS: Columns = [['pharmacy', 'text'], ['till', 'int'], ['nonce', 'text'], ['at', 'int8']];
const STATUS_COLUMNS: Columns = [
  ['pharmacy', 'text'], ['till', 'int'], ['last_push_at', 'int8'], ['pending_reversals', 'text'], ['pending_uploads', 'int'], ['unpushed', 'int'],
];

/**
 * `INSERT … SELECT` from one jsonb parameter holding every row: one
 * parameter however many rows (no 65,535-parameter limit, and the rows are
 * serialised once, by JSON.stringify, instead of value by value).
 */
function insertFromJson(table: string, columns: Columns, tail: string): string {
  const names = columns.map(([n]) => n).join(', ');
  const types = columns.map(([n, t]) => `${n} ${t}`).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${types}) ${tail}`;
}

const asJson = (columns: Columns, rows: readonly unknown[][]) =>
  JSON.stringify(rows.map((row) => Object.fromEntries(columns.map(([n], i) => [n, row[i]]))));

/** The days a push touches; refuses a msgid that is not its pharmacy's. */
export function pushDays(body: PushBody): Map<string, string> {
  const days = new Map<string, string>();
  for (const { msgid } of [...body.entries, ...body.uploads]) {
    const day = msgidDay(msgid, body.pharmacy);
    if (day === undefined) throw new BackofficeError('BACKOFFICE_WRONG_PHARMACY', { details: { pharmacy: body.pharmacy, msgid: msgid.slice(0, 40) } });
    days.set(msgid, day);
  }
  return days;
}

/** What a batch answers for each push, in order: its answer, its refusal (a BackofficeError), or the database's failure. */
export type PushResult = PushAnswer | Error;

const tillKey = (pharmacy: string, till: number) => `${pharmacy}\u0000${till}`;
const itemKey = (pharmacy: string, till: number, id: string) => `${pharmacy}\u0000${till}\u0000${id}`;

interface Item {
  push: number;
  key: string;
  row: unknown[];
}

/**
 * Inserts rows in key order (concurrent batches lock in the same order, so
 * they never deadlock), ON CONFLICT DO NOTHING, and returns the keys new to
 * the table.
 */
async function insertNew(tx: Omit<Sql, 'transaction' | 'close'>, table: string, columns: Columns, items: Item[]): Promise<Set<string>> {
  const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const id = columns[2]![0] === 'nonce' ? 'nonce' : 'msgid';
  const got = await tx.query<{ pharmacy: string; till: number; id: string }>(
    insertFromJson(table, columns, `ON CONFLICT DO NOTHING RETURNING pharmacy, till, ${id} AS id`),
    [asJson(columns, sorted.map((c) => c.row))],
  );
  return new Set(got.map((r) => itemKey(String(r.pharmacy), Number(r.till), String(r.id))));
}

/**
 * Stores several verified pushes in one transaction (group commit: one
 * commit, one sync, for all the pushes that arrived together): their
 * nonces, entries, uploads and tills' statuses, each as one multi-row
 * statement. A push whose nonce was seen, or that is stale or names a msgid
 * of another pharmacy, is refused alone; the others go on. Nothing is
 * answered before the commit. When the transaction fails, each push is
 * tried alone, so one bad push cannot take the others down with it.
 */
export async function ingestBatch(sql: Sql, partitions: Partitions, pushes: readonly PushBody[], now: number): Promise<PushResult[]> {
  const results: PushResult[] = new Array(pushes.length);
  const days: Array<Map<string, string> | undefined> = pushes.map((body, i) => {
    try {
      if (Math.abs(now - body.sentAt) > PUSH_WINDOW_MS) throw new BackofficeError('BACKOFFICE_PUSH_REPLAYED', { details: { reason: 'stale', sentAt: body.sentAt } });
      return pushDays(body);
    } catch (err) {
      if (!(err instanceof BackofficeError)) throw err;
      results[i] = err;
      return undefined;
    }
  });
  const live = pushes.map((_, i) => i).filter((i) => days[i] !== undefined);
  if (live.length === 0) return results;
  await partitions.ensure(new Set(live.flatMap((i) => [...days[i]!.values()])));
  try {
    await sql.transaction(async (tx) => {
      // The nonces first: a push whose nonce is not new (seen before, or twice in this batch) is a replay.
      const nonceOwner = new Map<string, number>();
      const nonces: Item[] = [];
      for (const i of live) {
        const { pharmacy, till, nonce } = pushes[i]!;
        const key = itemKey(pharmacy, till, nonce);
        if (nonceOwner.has(key)) continue;
        nonceOwner.set(key, i);
        nonces.push({ push: i, key, row: [pharmacy, till, nonce, now] });
      }
      const freshNonces = await insertNew(tx, 'push_nonces', NONCE_COLUMNS, nonces);
      const fresh = live.filter((i) => {
        const { pharmacy, till, nonce } = pushes[i]!;
        const key = itemKey(pharmacy, till, nonce);
        if (freshNonces.has(key) && nonceOwner.get(key) === i) return true;
        results[i] = new BackofficeError('BACKOFFICE_PUSH_REPLAYED', { details: { reason: 'nonce seen', till } });
        return false;
      });
      // Entries and uploads: a msgid twice in the batch (a retry overtaking its first try) counts for the first push that carries it.
      const owner = new Map<string, number>();
      const entries: Item[] = [];
      const uploads: Item[] = [];
      for (const i of fresh) {
        const body = pushes[i]!;
        const { pharmacy, till } = body;
        const day = days[i]!;
        for (const e of body.entries) {
          const key = itemKey(pharmacy, till, e.msgid);
          if (owner.has(key)) continue;
          owner.set(key, i);
          entries.push({ push: i, key, row: [
            pharmacy, day.get(e.msgid), till, e.msgid, e.infno, e.state, e.psnNo, e.insutype, e.clrType, e.setlOptins,
            e.amountFen, e.totalFen, e.fundPayFen, e.acctPayFen, e.cashFen, e.setlId, e.mdtrtId, e.cancelsSetlId,
            e.bookedAt, e.bookedAt === null ? null : localDay(e.bookedAt), e.createdAt, now,
          ] });
        }
        for (const u of body.uploads) {
          const key = itemKey(pharmacy, till, `u:${u.msgid}`);
          if (owner.has(key)) continue;
          owner.set(key, i);
          uploads.push({ push: i, key: itemKey(pharmacy, till, u.msgid), row: [pharmacy, day.get(u.msgid), till, u.msgid, u.infno, u.state, u.saleMsgid, u.lines, now] });
        }
      }
      const accepted = new Map<number, number>();
      const count = (items: Item[], got: Set<string>) => {
        for (const it of items) if (got.has(it.key)) accepted.set(it.push, (accepted.get(it.push) ?? 0) + 1);
      };
      if (entries.length > 0) count(entries, await insertNew(tx, 'entries', ENTRY_COLUMNS, entries));
      if (uploads.length > 0) count(uploads, await insertNew(tx, 'uploads', UPLOAD_COLUMNS, uploads));
      // One status per till: the last push of the batch says it.
      const status = new Map<string, unknown[]>();
      for (const i of fresh) {
        const { pharmacy, till, status: s } = pushes[i]!;
        status.set(tillKey(pharmacy, till), [pharmacy, till, now, JSON.stringify(s.pendingReversals), s.pendingUploads, s.unpushed]);
      }
      const rows = [...status.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
      await tx.query(
        insertFromJson('till_status', STATUS_COLUMNS, `ON CONFLICT (pharmacy, till) DO UPDATE SET last_push_at = EXCLUDED.last_push_at,
           pending_reversals = EXCLUDED.pending_reversals, pending_uploads = EXCLUDED.pending_uploads, unpushed = EXCLUDED.unpushed`),
        [asJson(STATUS_COLUMNS, rows)],
      );
      for (const i of fresh) {
        const n = accepted.get(i) ?? 0;
        results[i] = { accepted: n, duplicates: pushes[i]!.entries.length + pushes[i]!.uploads.length - n };
      }
    });
  } catch (err) {
    if (live.length === 1) throw err;
    // The batch rolled back as a whole: each push alone, so the failure stays with the push that caused it.
    for (const i of live) {
      try {
        results[i] = (await ingestBatch(sql, partitions, [pushes[i]!], now))[0]!;
      } catch (one) {
        results[i] = one as Error;
      }
    }
  }
  return results;
}

/** Counts a refused push under its pharmacy (or '' when the sender is unknown) and reason. */
export async function countRefusal(sql: Sql, pharmacy: string, reason: string, now: number): Promise<void> {
  await sql.query(
    `INSERT INTO refusals (pharmacy, reason, count, last_at) VALUES ($1, $2, 1, $3)
     ON CONFLICT (pharmacy, reason) DO UPDATE SET count = refusals.count + 1, last_at = EXCLUDED.last_at`,
    [pharmacy, reason, now],
  );
}

/** Forgets nonces older than the window (a replay that old is refused as stale anyway). */
export async function pruneNonces(sql: Sql, pharmacy: string, now: number): Promise<void> {
  await sql.query('DELETE FROM push_nonces WHERE pharmacy = $1 AND at < $2', [pharmacy, now - 2 * PUSH_WINDOW_MS]);
}
