/**
 * Storing one verified push: its nonce (a second copy is a replay), its
 * entries and uploads (idempotent on pharmacy, till and msgid: a retry of a
 * push whose answer was lost stores nothing twice) and the till's status,
 * in one transaction.
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

const ENTRY_COLUMNS = [
  'pharmacy', 'day', 'till', 'msgid', 'infno', 'state', 'psn_no', 'insutype', 'clr_type', 'setl_optins',
  'amount_fen', 'total_fen', 'fund_pay_fen', 'acct_pay_fen', 'cash_fen', 'setl_id', 'mdtrt_id', 'cancels_setl_id',
  'booked_at', 'booked_day', 'created_at', 'received_at',
] as const;
const UPLOAD_COLUMNS = ['pharmacy', 'day', 'till', 'msgid', 'infno', 'state', 'sale_msgid', 'lines', 'received_at'] as const;

function values(rows: unknown[][], width: number): string {
  return rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
}

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

export async function ingestPush(sql: Sql, partitions: Partitions, body: PushBody, now: number): Promise<PushAnswer> {
  if (Math.abs(now - body.sentAt) > PUSH_WINDOW_MS) throw new BackofficeError('BACKOFFICE_PUSH_REPLAYED', { details: { reason: 'stale', sentAt: body.sentAt } });
  const days = pushDays(body);
  await partitions.ensure(new Set(days.values()));
  const { pharmacy, till } = body;
  return sql.transaction(async (tx) => {
    const fresh = await tx.query('INSERT INTO push_nonces (pharmacy, till, nonce, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING nonce', [pharmacy, till, body.nonce, now]);
    if (fresh.length === 0) throw new BackofficeError('BACKOFFICE_PUSH_REPLAYED', { details: { reason: 'nonce seen', till } });
    let accepted = 0;
    if (body.entries.length > 0) {
      const rows = body.entries.map((e) => [
        pharmacy, days.get(e.msgid), till, e.msgid, e.infno, e.state, e.psnNo, e.insutype, e.clrType, e.setlOptins,
        e.amountFen, e.totalFen, e.fundPayFen, e.acctPayFen, e.cashFen, e.setlId, e.mdtrtId, e.cancelsSetlId,
        e.bookedAt, e.bookedAt === null ? null : localDay(e.bookedAt), e.createdAt, now,
      ]);
      const got = await tx.query(
        `INSERT INTO entries (${ENTRY_COLUMNS.join(', ')}) VALUES ${values(rows, ENTRY_COLUMNS.length)} ON CONFLICT DO NOTHING RETURNING msgid`,
        rows.flat(),
      );
      accepted += got.length;
    }
    if (body.uploads.length > 0) {
      const rows = body.uploads.map((u) => [pharmacy, days.get(u.msgid), till, u.msgid, u.infno, u.state, u.saleMsgid, u.lines, now]);
      const got = await tx.query(
        `INSERT INTO uploads (${UPLOAD_COLUMNS.join(', ')}) VALUES ${values(rows, UPLOAD_COLUMNS.length)} ON CONFLICT DO NOTHING RETURNING msgid`,
        rows.flat(),
      );
      accepted += got.length;
    }
    await tx.query(
      `INSERT INTO till_status (pharmacy, till, last_push_at, pending_reversals, pending_uploads, unpushed) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (pharmacy, till) DO UPDATE SET last_push_at = EXCLUDED.last_push_at, pending_reversals = EXCLUDED.pending_reversals,
         pending_uploads = EXCLUDED.pending_uploads, unpushed = EXCLUDED.unpushed`,
      [pharmacy, till, now, JSON.stringify(body.status.pendingReversals), body.status.pendingUploads, body.status.unpushed],
    );
    return { accepted, duplicates: body.entries.length + body.uploads.length - accepted };
  });
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
