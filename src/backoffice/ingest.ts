/**
 * Storing verified pushes: each one's nonce (a second copy is a replay), its
 * entries and uploads (idempotent on pharmacy, till and msgid: a retry of a
 * push whose answer was lost stores nothing twice) and the till's status;
 * the pushes that arrived together in one statement (group-commit.ts).
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

const names = (columns: Columns) => columns.map(([n]) => n).join(', ');

/**
 * The rows of `columns`, each with the index of the push it came from, out
 * of one jsonb parameter (no 65,535-parameter limit; the rows serialised
 * once, by JSON.stringify, instead of value by value).
 */
const fromJson = (param: string, columns: Columns) => `jsonb_to_recordset(${param}::jsonb) AS r(${columns.map(([n, t]) => `${n} ${t}`).join(', ')}, push int)`;

const asJson = (columns: Columns, items: readonly Item[]) =>
  JSON.stringify(items.map((it) => Object.fromEntries([...columns.map(([n], i) => [n, it.row[i]]), ['push', it.push]])));

/**
 * The whole batch as one statement (one round trip, and one commit without
 * BEGIN and COMMIT around it): the nonces first, then only the pushes whose
 * nonce was new (`fresh`) write entries, uploads and status. A msgid carried
 * by several pushes of the batch is written once, by the first fresh one;
 * a till's status is its last fresh push's. Rows go in key order, so
 * concurrent batches lock alike and never deadlock.
 */
const BATCH_SQL = `
WITH n AS (
  INSERT INTO push_nonces (${names(NONCE_COLUMNS)})
  SELECT ${names(NONCE_COLUMNS)} FROM ${fromJson('$1', NONCE_COLUMNS)} ORDER BY pharmacy, till, nonce
  ON CONFLICT DO NOTHING RETURNING pharmacy, till, nonce),
fresh AS (SELECT r.push FROM ${fromJson('$1', NONCE_COLUMNS)} JOIN n USING (pharmacy, till, nonce)),
e AS (
  INSERT INTO entries (${names(ENTRY_COLUMNS)})
  SELECT DISTINCT ON (pharmacy, till, msgid) ${names(ENTRY_COLUMNS)} FROM ${fromJson('$2', ENTRY_COLUMNS)}
  WHERE push IN (SELECT push FROM fresh) ORDER BY pharmacy, till, msgid, push
  ON CONFLICT DO NOTHING RETURNING pharmacy, till, msgid),
u AS (
  INSERT INTO uploads (${names(UPLOAD_COLUMNS)})
  SELECT DISTINCT ON (pharmacy, till, msgid) ${names(UPLOAD_COLUMNS)} FROM ${fromJson('$3', UPLOAD_COLUMNS)}
  WHERE push IN (SELECT push FROM fresh) ORDER BY pharmacy, till, msgid, push
  ON CONFLICT DO NOTHING RETURNING pharmacy, till, msgid),
s AS (
  INSERT INTO till_status (${names(STATUS_COLUMNS)})
  SELECT DISTINCT ON (pharmacy, till) ${names(STATUS_COLUMNS)} FROM ${fromJson('$4', STATUS_COLUMNS)}
  WHERE push IN (SELECT push FROM fresh) ORDER BY pharmacy, till, push DESC
  ON CONFLICT (pharmacy, till) DO UPDATE SET last_push_at = EXCLUDED.last_push_at, pending_reversals = EXCLUDED.pending_reversals,
    pending_uploads = EXCLUDED.pending_uploads, unpushed = EXCLUDED.unpushed)
SELECT 'n' AS t, pharmacy, till, nonce AS id FROM n
UNION ALL SELECT 'e', pharmacy, till, msgid FROM e
UNION ALL SELECT 'u', pharmacy, till, msgid FROM u`;

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
 * Stores several verified pushes in one statement (group commit: one
 * round trip, one commit, one sync, for all the pushes that arrived
 * together): their nonces, entries, uploads and tills' statuses. A push
 * whose nonce was seen, or that is stale or names a msgid of another
 * pharmacy, is refused alone; the others go on. Nothing is answered before
 * the commit. When the statement fails, each push is
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
  // A nonce twice in the batch: the second copy is a replay whatever the table says.
  const nonceOwner = new Map<string, number>();
  const nonces: Item[] = [];
  const entries: Item[] = [];
  const uploads: Item[] = [];
  const status: Item[] = [];
  for (const i of live) {
    const body = pushes[i]!;
    const { pharmacy, till, nonce } = body;
    const key = itemKey(pharmacy, till, nonce);
    if (nonceOwner.has(key)) {
      results[i] = new BackofficeError('BACKOFFICE_PUSH_REPLAYED', { details: { reason: 'nonce seen', till } });
      continue;
    }
    nonceOwner.set(key, i);
    nonces.push({ push: i, key, row: [pharmacy, till, nonce, now] });
    const day = days[i]!;
    for (const e of body.entries) {
      entries.push({ push: i, key: itemKey(pharmacy, till, e.msgid), row: [
        pharmacy, day.get(e.msgid), till, e.msgid, e.infno, e.state, e.psnNo, e.insutype, e.clrType, e.setlOptins,
        e.amountFen, e.totalFen, e.fundPayFen, e.acctPayFen, e.cashFen, e.setlId, e.mdtrtId, e.cancelsSetlId,
        e.bookedAt, e.bookedAt === null ? null : localDay(e.bookedAt), e.createdAt, now,
      ] });
    }
    for (const u of body.uploads) {
      uploads.push({ push: i, key: itemKey(pharmacy, till, u.msgid), row: [pharmacy, day.get(u.msgid), till, u.msgid, u.infno, u.state, u.saleMsgid, u.lines, now] });
    }
    status.push({ push: i, key: tillKey(pharmacy, till), row: [pharmacy, till, now, JSON.stringify(body.status.pendingReversals), body.status.pendingUploads, body.status.unpushed] });
  }
  try {
    const got = await sql.query<{ t: string; pharmacy: string; till: number; id: string }>(BATCH_SQL, [
      asJson(NONCE_COLUMNS, nonces), asJson(ENTRY_COLUMNS, entries), asJson(UPLOAD_COLUMNS, uploads), asJson(STATUS_COLUMNS, status),
    ], 'backoffice_ingest_batch');
    const stored = { n: new Set<string>(), e: new Set<string>(), u: new Set<string>() };
    for (const r of got) stored[r.t as keyof typeof stored].add(itemKey(String(r.pharmacy), Number(r.till), String(r.id)));
    const fresh = new Set(nonces.filter((it) => stored.n.has(it.key)).map((it) => it.push));
    for (const it of nonces) {
      if (!fresh.has(it.push)) results[it.push] = new BackofficeError('BACKOFFICE_PUSH_REPLAYED', { details: { reason: 'nonce seen', till: pushes[it.push]!.till } });
    }
    // A row stored counts for the first fresh push that carries it (as the statement chose); the others had it as a duplicate.
    const accepted = new Map<number, number>();
    const count = (items: Item[], got: Set<string>) => {
      const counted = new Set<string>();
      for (const it of items) {
        if (!fresh.has(it.push) || !got.has(it.key) || counted.has(it.key)) continue;
        counted.add(it.key);
        accepted.set(it.push, (accepted.get(it.push) ?? 0) + 1);
      }
    };
    count(entries, stored.e);
    count(uploads, stored.u);
    for (const i of fresh) {
      const n = accepted.get(i) ?? 0;
      results[i] = { accepted: n, duplicates: pushes[i]!.entries.length + pushes[i]!.uploads.length - n };
    }
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
