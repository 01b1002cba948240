/**
 * The journal's SQLite rows (synchronous better-sqlite3 calls, so every
 * write is committed with `synchronous = FULL` before the call returns).
 * One row per outgoing money message; no column ever holds a PIN or a PIN
 * block: the request is stored through `JournalRecord` fields only.
 *
 * @module
 */
import { openDatabase, type Database } from '../../lib/sqlite.js';
import type { MoneyInfno, SaleItem } from '../types.js';
import type { EntryState } from './states.js';

export const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS entries (
     msgid TEXT PRIMARY KEY,
     infno TEXT NOT NULL CHECK (infno IN ('2102','2103','2601')),
     state TEXT NOT NULL,
     psn_no TEXT NOT NULL,
     insuplc_admdvs TEXT NOT NULL,
     jti TEXT,
     payer_jti TEXT,
     amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
     items TEXT NOT NULL DEFAULT '[]',
     ref TEXT NOT NULL DEFAULT '{}',
     omsgid TEXT,
     answer TEXT,
     error_code TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     booked_at INTEGER
   );
   CREATE INDEX IF NOT EXISTS entries_state ON entries(state);
   CREATE INDEX IF NOT EXISTS entries_omsgid ON entries(omsgid);
   CREATE TABLE IF NOT EXISTS msgid_seq (second TEXT PRIMARY KEY, next INTEGER NOT NULL);`,
];

/**
 * One journal row as the API shows it.
 *
 * Exported from `yibao-pos`.
 */
export interface JournalEntry {
  msgid: string;
  infno: MoneyInfno;
  state: EntryState;
  psnNo: string;
  insuplcAdmdvs: string;
  jti: string | null;
  payerJti: string | null;
  amountFen: number;
  items: SaleItem[];
  /** Non-secret facts the message needs again (2103: setlId, mdtrtId). */
  ref: Record<string, string>;
  /** 2601: the message it voids. */
  omsgid: string | null;
  /** The gateway's answer (2102: the settlement, in fen) or null. */
  answer: unknown;
  /** The refusal or failure code, when there was one. */
  errorCode: string | null;
  /** Reversal attempts made for this entry (2102/2103). */
  attempts: number;
  nextAttemptAt: number | null;
  createdAt: number;
  updatedAt: number;
  bookedAt: number | null;
}

interface Row {
  msgid: string;
  infno: MoneyInfno;
  state: EntryState;
  psn_no: string;
  insuplc_admdvs: string;
  jti: string | null;
  payer_jti: string | null;
  amount_fen: number;
  items: string;
  ref: string;
  omsgid: string | null;
  answer: string | null;
  error_code: string | null;
  attempts: number;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
  booked_at: number | null;
}

const toEntry = (r: Row): JournalEntry => ({
  msgid: r.msgid,
  infno: r.infno,
  state: r.state,
  psnNo: r.psn_no,
  insuplcAdmdvs: r.insuplc_admdvs,
  jti: r.jti,
  payerJti: r.payer_jti,
  amountFen: r.amount_fen,
  items: JSON.parse(r.items) as SaleItem[],
  ref: JSON.parse(r.ref) as Record<string, string>,
  omsgid: r.omsgid,
  answer: r.answer === null ? null : (JSON.parse(r.answer) as unknown),
  errorCode: r.error_code,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  bookedAt: r.booked_at,
});

export interface NewEntry {
  msgid: string;
  infno: MoneyInfno;
  psnNo: string;
  insuplcAdmdvs: string;
  jti?: string | undefined;
  payerJti?: string | undefined;
  amountFen: number;
  items?: SaleItem[];
  ref?: Record<string, string>;
  omsgid?: string;
}

export interface StateChange {
  answer?: unknown;
  errorCode?: string | null;
  attempts?: number;
  nextAttemptAt?: number | null;
  bookedAt?: number;
}

/** Items as stored: only the fields of a SaleItem, whatever else the caller's objects hold. */
function cleanItems(items: SaleItem[]): SaleItem[] {
  return items.map((i) => {
    const out: SaleItem = { code: i.code, qty: i.qty, priceFen: i.priceFen };
    if (i.localCode !== undefined) out.localCode = i.localCode;
    if (i.name !== undefined) out.name = i.name;
    if (i.traceCode !== undefined) out.traceCode = i.traceCode;
    return out;
  });
}

export class JournalStore {
  constructor(private readonly db: Database) {}

  insert(e: NewEntry, now: number): void {
    this.db
      .prepare(
        `INSERT INTO entries (msgid, infno, state, psn_no, insuplc_admdvs, jti, payer_jti, amount_fen, items, ref, omsgid, created_at, updated_at)
         VALUES (?, ?, 'intent', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.msgid,
        e.infno,
        e.psnNo,
        e.insuplcAdmdvs,
        e.jti ?? null,
        e.payerJti ?? null,
        e.amountFen,
        JSON.stringify(cleanItems(e.items ?? [])),
        JSON.stringify(e.ref ?? {}),
        e.omsgid ?? null,
        now,
        now,
      );
  }

  has(msgid: string): boolean {
    return this.db.prepare('SELECT 1 FROM entries WHERE msgid = ?').get(msgid) !== undefined;
  }

  get(msgid: string): JournalEntry | undefined {
    const r = this.db.prepare('SELECT * FROM entries WHERE msgid = ?').get(msgid) as Row | undefined;
    return r ? toEntry(r) : undefined;
  }

  setState(msgid: string, state: EntryState, now: number, change: StateChange = {}): void {
    const sets = ['state = ?', 'updated_at = ?'];
    const args: unknown[] = [state, now];
    const columns: Array<[string, unknown]> = [
      ['answer', change.answer === undefined ? undefined : JSON.stringify(change.answer)],
      ['error_code', change.errorCode],
      ['attempts', change.attempts],
      ['next_attempt_at', change.nextAttemptAt],
      ['booked_at', change.bookedAt],
    ];
    for (const [column, value] of columns) {
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      args.push(value);
    }
    args.push(msgid);
    this.db.prepare(`UPDATE entries SET ${sets.join(', ')} WHERE msgid = ?`).run(...args);
  }

  list(filter: { state?: EntryState; infno?: MoneyInfno } = {}): JournalEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.infno) {
      where.push('infno = ?');
      args.push(filter.infno);
    }
    const sql = `SELECT * FROM entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, rowid`;
    return (this.db.prepare(sql).all(...args) as Row[]).map(toEntry);
  }

  /** Entries that are not final (see states.ts), oldest first. */
  unfinished(): JournalEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM entries WHERE (infno IN ('2102','2103') AND state IN ('intent','sent','unknown','reversal_pending'))
            OR (infno = '2601' AND state IN ('intent','sent')) ORDER BY created_at, rowid`,
      )
      .all() as Row[];
    return rows.map(toEntry);
  }

  /** A booked 2102 by its settlement id. */
  bookedSettlementBySetlId(setlId: string): JournalEntry | undefined {
    return this.list({ infno: '2102', state: 'booked' }).find((e) => (e.answer as { setlId?: string } | null)?.setlId === setlId);
  }

  /** Durable msgid sequence: one row per second, bumped atomically. */
  nextSeq(second: string): number {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT next FROM msgid_seq WHERE second = ?').get(second) as { next: number } | undefined;
      const seq = row?.next ?? 0;
      if (row) this.db.prepare('UPDATE msgid_seq SET next = ? WHERE second = ?').run(seq + 1, second);
      else this.db.prepare('INSERT INTO msgid_seq (second, next) VALUES (?, ?)').run(second, seq + 1);
      // Keep a day of seconds at most: old ones can never be reused (the clock moved on).
      if (seq === 0) this.db.prepare('DELETE FROM msgid_seq WHERE second < ?').run(String(Number(second) - 1_000_000));
      return seq;
    }).immediate();
  }
}

/**
 * Reads the entries of a journal file without taking its lock (a technician
 * lists it while the terminal runs). Read-only: never changes the file.
 *
 * Exported from `yibao-pos`.
 *
 * @param file The journal's SQLite file.
 * @param filter Only entries in this state and/or of this transaction.
 *
 * @example
 * ```ts
 * import { readJournalEntries } from 'yibao-pos';
 * for (const e of await readJournalEntries('/var/lib/pos/terminal/journal.db', { state: 'reversal_pending' })) {
 *   console.log(e.msgid, e.amountFen, e.attempts);
 * }
 * ```
 */
export async function readJournalEntries(
  file: string,
  filter: { state?: EntryState; infno?: MoneyInfno } = {},
): Promise<JournalEntry[]> {
  const db = await openDatabase(file, { readonly: true });
  try {
    return new JournalStore(db).list(filter);
  } finally {
    db.close();
  }
}
