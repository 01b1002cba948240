/**
 * The journal store in SQLite (better-sqlite3, opened through lib/sqlite.ts).
 * Statements are prepared once. The connection runs `synchronous = NORMAL`
 * (WAL: a commit is written, not fsynced); the intent of a money message and
 * a `meta` value are followed by an fdatasync of the `-wal` file (walSync),
 * which is what `synchronous = FULL` does at a commit's end. That one sync
 * also makes every earlier write durable (the WAL is one file, written in
 * order), so a sale costs one synced commit before its 2102 leaves.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { migrate, openDatabase, walSync, type Database, type WalSync } from '../lib/sqlite.js';
import { REPLAY_SCHEMA, SqliteReplayGuard } from '../voucher/replay/sqlite.js';
import type { MoneyInfno, SaleItem } from '../gateway/types.js';
import type { NewOutboxRow } from './outbox/row.js';
import type { OutboxFilter, OutboxRow } from './outbox/row.js';
import { fromSqlRow, LIST_SQL, listParams, OUTBOX_TABLE, SqliteOutboxStore, type OutboxSqlRow } from './outbox/sqlite.js';
import { movableFrom, OPEN_STATES, type EntryState } from './states.js';
import { cleanItems, type EntryFilter, type JournalEntry, type NewEntry, type StateChange } from './entry.js';
import { msgidUsed, type JournalStore } from './store.js';

/**
 * `column` is one of `values`, spelled as equalities joined by OR: SQLite
 * evaluates an IN list of more than two constants through a temporary table,
 * and for a partial index that condition is evaluated on every write of a
 * row. Measured here, an UPDATE of `state` took 165 µs with the index's
 * condition as `IN (…)` and 22 µs with it spelled as below.
 */
const anyOf = (column: string, values: readonly string[]): string =>
  values.length === 0 ? '0' : `(${values.map((v) => `${column} = '${v}'`).join(' OR ')})`;

/** Unfinished entries: the one condition of the `entries_open` index and of the query it serves (written once, so they match). */
export const openWhere = (column = 'state'): string => anyOf(column, OPEN_STATES);

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
  // The used voucher codes live beside the sales that use them; `meta` names the till.
  `${REPLAY_SCHEMA}
   CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // Whether the cashier got the receipt; sales booked before this column were shown.
  `ALTER TABLE entries ADD COLUMN shown_at INTEGER;
   UPDATE entries SET shown_at = updated_at WHERE infno = '2102' AND state = 'booked';`,
  // How each settlement clears (3201 groups); entries from before keep the defaults and are derived from their answer.
  `ALTER TABLE entries ADD COLUMN insutype TEXT NOT NULL DEFAULT '';
   ALTER TABLE entries ADD COLUMN clr_type TEXT NOT NULL DEFAULT '';
   ALTER TABLE entries ADD COLUMN clr_optins TEXT NOT NULL DEFAULT '';
   ALTER TABLE entries ADD COLUMN fund_pay_fen INTEGER NOT NULL DEFAULT 0;`,
  // One outbox for all work owed after a message: a reversal becomes a row (its attempts and due
  // time move there, their one home); trace uploads from trace.db are imported on open (legacy.ts).
  `${OUTBOX_TABLE}
   INSERT INTO outbox (kind, key, parent, state, payload, attempts, next_attempt_at, last_error, created_at, updated_at)
     SELECT 'reversal', msgid, msgid,
            CASE WHEN state = 'reversal_pending' THEN 'pending' ELSE 'acknowledged' END, '{}', attempts,
            CASE WHEN state = 'reversal_pending' THEN COALESCE(next_attempt_at, updated_at) END,
            CASE WHEN state = 'reversal_pending' THEN error_code END, created_at, updated_at
       FROM entries
      WHERE infno IN ('2102', '2103') AND (state IN ('reversal_pending', 'reversed') OR attempts > 0);
   ALTER TABLE entries DROP COLUMN attempts;
   ALTER TABLE entries DROP COLUMN next_attempt_at;`,
  // Only indexes that earn their writes (each sale pays for every one it touches): the unfinished
  // entries alone, which recovery and a send's check read, and which shrinks as sales end. Nothing
  // reads by omsgid or by a finished state, and forgotten voucher codes are found by a scan.
  `DROP INDEX IF EXISTS entries_state;
   DROP INDEX IF EXISTS entries_omsgid;
   DROP INDEX IF EXISTS seen_forget;
   CREATE INDEX IF NOT EXISTS entries_open ON entries(created_at) WHERE state IN ('intent','sent','unknown','reversal_pending');`,
  // The same index with its condition as OR'd equalities (see anyOf): an IN list made every state change slow.
  `DROP INDEX IF EXISTS entries_open;
   CREATE INDEX entries_open ON entries(created_at) WHERE ${openWhere()};`,
];

// A state change sets the state, its time, and only the columns the change carries: one statement
// per (target state, columns), prepared when first needed, with no per-column CASE to evaluate.
const SET_ANSWER = 1;
const SET_ERROR = 2;
const SET_BOOKED_AT = 4;
const SET_CLEARING = 8;

const columnsOf = (c: StateChange): number =>
  (c.answer === undefined ? 0 : SET_ANSWER) |
  (c.errorCode === undefined ? 0 : SET_ERROR) |
  (c.bookedAt === undefined ? 0 : SET_BOOKED_AT) |
  (c.clearing === undefined ? 0 : SET_CLEARING);

const setSql = (columns: number): string =>
  [
    'UPDATE entries SET state = @state, updated_at = @now',
    columns & SET_ANSWER ? ', answer = @answer' : '',
    columns & SET_ERROR ? ', error_code = @errorCode' : '',
    columns & SET_BOOKED_AT ? ', booked_at = @bookedAt' : '',
    columns & SET_CLEARING ? ', clr_type = @clrType, clr_optins = @clrOptins, fund_pay_fen = @fundPayFen' : '',
    ' WHERE msgid = @msgid',
  ].join('');

/** A move to `to`, made only from the states the table allows for the entry's message (states.ts). */
const moveSql = (to: EntryState, columns: number): string => {
  const from = (infno: MoneyInfno) => anyOf('state', movableFrom(to, infno));
  return `${setSql(columns)}
    AND CASE infno WHEN '2103' THEN ${from('2103')} WHEN '2601' THEN ${from('2601')} ELSE ${from('2102')} END
    RETURNING infno`;
};

/** The parameters of a change (better-sqlite3 ignores those a statement does not name). */
const stateParams = (msgid: string, state: EntryState, now: number, c: StateChange) => ({
  msgid,
  state,
  now,
  answer: c.answer === undefined ? null : JSON.stringify(c.answer),
  errorCode: c.errorCode ?? null,
  bookedAt: c.bookedAt ?? null,
  clrType: c.clearing?.clrType ?? '',
  clrOptins: c.clearing?.clrOptins ?? '',
  fundPayFen: c.clearing?.fundPayFen ?? 0,
});

/** Entries with their reversal's attempts and due time (kept on its outbox row). */
const ENTRY_SELECT = `SELECT e.*, COALESCE(o.attempts, 0) AS attempts, o.next_attempt_at AS next_attempt_at
  FROM entries e LEFT JOIN outbox o ON o.kind = 'reversal' AND o.key = e.msgid`;
const LIST_WHERE = `WHERE (@state IS NULL OR e.state = @state) AND (@infno IS NULL OR e.infno = @infno) ORDER BY e.created_at, e.rowid`;

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
  shown_at: number | null;
  insutype: string;
  clr_type: string;
  clr_optins: string;
  fund_pay_fen: number;
}

/** A JSON column, read defensively: one that does not parse is named in `bad` and read as `fallback`. */
function column<T>(bad: string[], name: string, text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    bad.push(name);
    return fallback;
  }
}

const toEntry = (r: Row): JournalEntry => {
  const bad: string[] = [];
  const e = rowEntry(r, bad);
  return bad.length > 0 ? { ...e, corrupt: bad } : e;
};

const rowEntry = (r: Row, bad: string[]): JournalEntry => ({
  msgid: r.msgid,
  infno: r.infno,
  state: r.state,
  psnNo: r.psn_no,
  insuplcAdmdvs: r.insuplc_admdvs,
  jti: r.jti,
  payerJti: r.payer_jti,
  amountFen: r.amount_fen,
  items: column<SaleItem[]>(bad, 'items', r.items, []),
  ref: column<Record<string, string>>(bad, 'ref', r.ref, {}),
  omsgid: r.omsgid,
  answer: r.answer === null ? null : column<unknown>(bad, 'answer', r.answer, null),
  errorCode: r.error_code,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  bookedAt: r.booked_at,
  shownAt: r.shown_at,
  ...((r.insutype ?? '') !== '' || (r.clr_type ?? '') !== '' ? { clearing: { insutype: r.insutype, clrType: r.clr_type, clrOptins: r.clr_optins, fundPayFen: r.fund_pay_fen } } : {}),
});

type Stmt = BetterSqlite3.Statement<unknown[], unknown>;

/**
 * Pages of a journal made now. A sale writes about seven pages between two
 * syncs (its intent, its answer, its receipt mark, the next code's record),
 * each a whole page in the WAL, and the intent's fsync flushes them all.
 * Measured here, a commit synced over six pending 4 KiB pages took 1.2-1.45x
 * one with none; over six 2 KiB pages, 0.95x. A sale's row (about 600 bytes
 * with its answer) still fits a page. Journals made before keep 4 KiB.
 */
const PAGE_SIZE = 2048;

/** Keep a day of seconds at most: old ones can never be reused (the clock moved on). */
const SEQ_KEEP = 1_000_000;
/** Sequence numbers reserved per write (a restart skips at most this many). */
const SEQ_RESERVE = 8;

export class SqliteJournalStore implements JournalStore {
  readonly #db: Database;
  readonly #s: Record<'insert' | 'jti' | 'get' | 'state' | 'list' | 'open' | 'unshown' | 'shown' | 'seqGet' | 'seqSet' | 'seqPrune' | 'metaGet' | 'metaSet', Stmt>;
  /** Syncs the WAL after a commit that must be durable (undefined in memory: nothing to sync). */
  readonly #wal: WalSync | undefined;
  readonly #intent: (e: NewEntry, now: number, jtis: ReadonlyArray<{ jti: string; forgetAfterSec: number }>, rows: readonly NewOutboxRow[]) => void;
  readonly #seq: (second: string) => number;
  readonly #replay: SqliteReplayGuard;
  #reserved: { second: string; next: number; limit: number } | undefined;
  /** Prepared state changes, by `to:columns` (a move) or `=columns` (a set), made when first needed. */
  readonly #changes = new Map<string, Stmt>();
  readonly outbox: SqliteOutboxStore;

  private constructor(db: Database) {
    this.#db = db;
    this.outbox = new SqliteOutboxStore(db);
    const p = (sql: string): Stmt => db.prepare(sql);
    this.#s = {
      insert: p(`INSERT INTO entries (msgid, infno, state, psn_no, insuplc_admdvs, jti, payer_jti, amount_fen, items, ref, omsgid, created_at, updated_at, insutype)
                 VALUES (?, ?, 'intent', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (msgid) DO NOTHING`),
      jti: p('INSERT INTO seen (jti, forget_after) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING'),
      get: p(`${ENTRY_SELECT} WHERE e.msgid = ?`),
      state: p('SELECT state, infno FROM entries WHERE msgid = ?'),
      list: p(`${ENTRY_SELECT} ${LIST_WHERE}`),
      open: p(`${ENTRY_SELECT} WHERE ${openWhere('e.state')} ORDER BY e.created_at, e.rowid`),
      unshown: p(`${ENTRY_SELECT} WHERE e.infno = '2102' AND e.state = 'booked' AND e.shown_at IS NULL ORDER BY e.created_at, e.rowid`),
      shown: p('UPDATE entries SET shown_at = ? WHERE msgid = ?'),
      seqGet: p('SELECT next FROM msgid_seq WHERE second = ?'),
      seqSet: p('INSERT INTO msgid_seq (second, next) VALUES (?, ?) ON CONFLICT (second) DO UPDATE SET next = excluded.next'),
      seqPrune: p('DELETE FROM msgid_seq WHERE second < ?'),
      metaGet: p('SELECT value FROM meta WHERE key = ?'),
      metaSet: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
    const s = this.#s;
    const insert = (e: NewEntry, now: number): void => {
      const { changes } = s.insert.run(e.msgid, e.infno, e.psnNo, e.insuplcAdmdvs, e.jti ?? null, e.payerJti ?? null, e.amountFen,
        JSON.stringify(cleanItems(e.items ?? [])), JSON.stringify(e.ref ?? {}), e.omsgid ?? null, now, now, e.insutype ?? '');
      // The msgid check rides on the insert itself (no lookup before it); the commit rolls back, nothing written.
      if (changes === 0) throw msgidUsed(e.msgid);
    };
    const intent = db.transaction((e: NewEntry, now: number, jtis: ReadonlyArray<{ jti: string; forgetAfterSec: number }>, rows: readonly NewOutboxRow[]) => {
      insert(e, now);
      for (const j of jtis) s.jti.run(j.jti, j.forgetAfterSec);
      for (const r of rows) this.outbox.insert(r, now);
    });
    this.#intent = (e, now, jtis, rows) => {
      if (db.inTransaction) return intent(e, now, jtis, rows);
      // The entry alone (its codes already recorded, no rows owed) is one statement and its own commit.
      if (jtis.length === 0 && rows.length === 0) return insert(e, now);
      return intent.immediate(e, now, jtis, rows);
    };
    const seq = db.transaction((second: string, count: number) => {
      const row = s.seqGet.get(second) as { next: number } | undefined;
      const n = row?.next ?? 0;
      s.seqSet.run(second, n + count);
      if (n === 0) s.seqPrune.run(String(Number(second) - SEQ_KEEP));
      return n;
    });
    this.#seq = (second) => {
      // Sequence numbers are reserved a few at a time: one write serves several msgids of a
      // second, and a restart resumes past the reservation, so none is ever handed out twice.
      const r = this.#reserved;
      if (r && r.second === second && r.next < r.limit) return r.next++;
      const n = seq.immediate(second, SEQ_RESERVE);
      this.#reserved = { second, next: n + 1, limit: n + SEQ_RESERVE };
      return n;
    };
    this.#replay = SqliteReplayGuard.attach(db);
    db.pragma('synchronous = NORMAL');
    this.#wal = walSync(db);
  }

  /** Opens (or creates) a journal file and brings its schema up to date. */
  static async open(file: string): Promise<SqliteJournalStore> {
    const db = await openDatabase(file, { pageSize: PAGE_SIZE });
    try {
      migrate(db, SCHEMA);
      return new SqliteJournalStore(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /**
   * Reads the entries of a journal file without taking its lock (a technician
   * lists it while the terminal runs). Read-only: never changes the file.
   */
  static async readEntries(file: string, filter: EntryFilter = {}): Promise<JournalEntry[]> {
    const db = await openDatabase(file, { readonly: true });
    try {
      // A file not opened since the outbox came (schema 3 or older) still keeps attempts on its entries.
      const old = (db.pragma('user_version', { simple: true }) as number) < SCHEMA.length;
      const rows = db
        .prepare(old ? `SELECT * FROM entries e ${LIST_WHERE}` : `${ENTRY_SELECT} ${LIST_WHERE}`)
        .all({ state: filter.state ?? null, infno: filter.infno ?? null }) as Row[];
      return rows.map(toEntry);
    } finally {
      db.close();
    }
  }

  /** Outbox rows of a journal file, read-only ([] for a journal made before the outbox, or no file). */
  static async readOutbox(file: string, filter: OutboxFilter = {}): Promise<OutboxRow[]> {
    if (!existsSync(file)) return [];
    const db = await openDatabase(file, { readonly: true });
    try {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").get() !== undefined;
      return has ? (db.prepare(LIST_SQL).all(listParams(filter)) as OutboxSqlRow[]).map(fromSqlRow) : [];
    } finally {
      db.close();
    }
  }

  /** One `meta` value of a journal file, read-only (undefined for a journal made before `meta`). */
  static async readMeta(file: string, key: string): Promise<string | undefined> {
    const db = await openDatabase(file, { readonly: true });
    try {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
      return has ? (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value : undefined;
    } finally {
      db.close();
    }
  }

  insertIntent(e: NewEntry, now: number, jtis: ReadonlyArray<{ jti: string; forgetAfterSec: number }> = [], rows: readonly NewOutboxRow[] = []): void {
    // Inside another commit (a reversal's 2601 try) the enclosing commit decides; else this one is synced.
    if (this.#db.inTransaction) return this.#intent(e, now, jtis, rows);
    this.#intent(e, now, jtis, rows);
    this.#wal?.sync();
  }

  atomically<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  get(msgid: string): JournalEntry | undefined {
    const r = this.#s.get.get(msgid) as Row | undefined;
    return r ? toEntry(r) : undefined;
  }

  stateOf(msgid: string): { state: EntryState; infno: MoneyInfno } | undefined {
    return this.#s.state.get(msgid) as { state: EntryState; infno: MoneyInfno } | undefined;
  }

  setState(msgid: string, state: EntryState, now: number, c: StateChange = {}): void {
    const columns = columnsOf(c);
    this.#change(`=${columns}`, () => setSql(columns)).run(stateParams(msgid, state, now, c));
  }

  moveState(msgid: string, to: EntryState, now: number, c: StateChange = {}): MoneyInfno | undefined {
    const columns = columnsOf(c);
    const stmt = this.#change(`${to}:${columns}`, () => moveSql(to, columns));
    return (stmt.get(stateParams(msgid, to, now, c)) as { infno: MoneyInfno } | undefined)?.infno;
  }

  #change(key: string, sql: () => string): Stmt {
    let stmt = this.#changes.get(key);
    if (!stmt) this.#changes.set(key, (stmt = this.#db.prepare(sql())));
    return stmt;
  }

  list(filter: EntryFilter = {}): JournalEntry[] {
    return (this.#s.list.all({ state: filter.state ?? null, infno: filter.infno ?? null }) as Row[]).map(toEntry);
  }

  open(): JournalEntry[] {
    return (this.#s.open.all() as Row[]).map(toEntry).filter((e) => !e.corrupt);
  }

  corruptOpen(): JournalEntry[] {
    return (this.#s.open.all() as Row[]).map(toEntry).filter((e) => e.corrupt);
  }

  unshown(): JournalEntry[] {
    return (this.#s.unshown.all() as Row[]).map(toEntry).filter((e) => !e.corrupt);
  }

  markShown(msgid: string, at: number): void {
    this.#s.shown.run(at, msgid);
  }

  nextSeq(second: string): number {
    return this.#seq(second);
  }

  checkAndRecordJti(jti: string, forgetAfterSec: number, nowSec: number): boolean {
    return this.#replay.checkAndRecord(jti, forgetAfterSec, nowSec);
  }

  meta(key: string): string | undefined {
    return (this.#s.metaGet.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.#s.metaSet.run(key, value);
    this.#wal?.sync();
  }

  close(): void {
    this.#wal?.close();
    if (this.#db.open) this.#db.close();
  }
}
