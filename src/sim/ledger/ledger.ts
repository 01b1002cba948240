/**
 * The simulator's ledger over SQLite: typed reads and writes, prepared once.
 * It applies no rule of its own; the transaction handlers decide, and call
 * `atomic` so a booking and its stored answer commit together.
 *
 * @module
 */
import { isLegacyVerifier, wrapLegacyVerifier } from '../pin-hash.js';
import type BetterSqlite3 from 'better-sqlite3';
import { migrate, openDatabase, type Database } from '../../lib/sqlite.js';
import { LEDGER_MIGRATIONS } from './schema.js';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

export interface PersonRow {
  psn_no: string;
  name: string;
  certno: string;
  insutype: string;
  reg: string;
  enrolled: number;
  suspended: number;
}

export interface CredentialRow {
  sub: string;
  psn_no: string;
  frozen: number;
  pin_salt: string;
  pin_hash: string;
}

export type BookingState = 'booked' | 'reversed' | 'cancelled';

export interface BookingRow {
  /** The signing terminal (till) that sent it: msgids are unique per till. */
  kid: string;
  msgid: string;
  infno: string;
  fixmedins_code: string;
  fixmedins_name: string;
  psn_no: string;
  payer_psn_no: string | null;
  setl_id: string;
  mdtrt_id: string;
  /** 2103: the cancelled 2102 (its till may be another one of the pharmacy). */
  orig_kid: string | null;
  orig_msgid: string | null;
  state: BookingState;
  total_fen: number;
  fund_pay_fen: number;
  acct_pay_fen: number;
  acct_mulaid_pay_fen: number;
  cash_fen: number;
  balance_fen: number;
  voucher_jti: string | null;
  booked_at: number;
  day: string;
}

/** The amounts of a booking row, in the SDK's fen names. */
export function bookingAmounts(b: BookingRow) {
  return {
    totalFen: b.total_fen,
    fundPayFen: b.fund_pay_fen,
    acctPayFen: b.acct_pay_fen,
    acctMulaidPayFen: b.acct_mulaid_pay_fen,
    cashFen: b.cash_fen,
    balanceFen: b.balance_fen,
  };
}

export interface NoticeRow {
  id: number;
  psn_no: string;
  at: number;
  pharmacy: string;
  amount_fen: number;
  kind: 'consumption' | 'refund';
  balance_fen: number;
}

export interface StoredAnswer {
  body_hash: string;
  infno: string;
  answer: string;
}

export class Ledger {
  readonly db: Database;

  /** Statements are prepared once and reused (preparing costs more than running). */
  private readonly statements = new Map<string, Statement>();

  private constructor(db: Database) {
    this.db = db;
  }

  private q(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  static async open(file: string): Promise<Ledger> {
    const db = await openDatabase(file);
    migrate(db, LEDGER_MIGRATIONS);
    const ledger = new Ledger(db);
    ledger.migratePinVerifiers();
    return ledger;
  }

  /** Wraps PIN verifiers of the old salted-SHA-256 shape in scrypt, once (see pin-hash.ts). */
  private migratePinVerifiers(): void {
    const rows = this.db.prepare('SELECT sub, pin_salt, pin_hash FROM credentials').all() as Array<{ sub: string; pin_salt: string; pin_hash: string }>;
    const legacy = rows.filter((r) => isLegacyVerifier(r.pin_hash));
    if (legacy.length === 0) return;
    const update = this.db.prepare('UPDATE credentials SET pin_hash = ? WHERE sub = ? AND pin_hash = ?');
    this.atomic(() => {
      for (const r of legacy) update.run(wrapLegacyVerifier(r.pin_salt, r.pin_hash), r.sub, r.pin_hash);
    });
  }

  /** Runs `fn` in one IMMEDIATE transaction (all or nothing). */
  atomic<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    this.db.close();
  }

  // --- seeding -----------------------------------------------------------

  /** Registers a till: its terminal key (kid), its pharmacy and its dev_no. */
  addTerminal(kid: string, jwk: object, fixmedinsCode: string, devNo: string | null = null): void {
    this.q('INSERT OR REPLACE INTO terminals (kid, jwk, fixmedins_code, dev_no) VALUES (?, ?, ?, ?)').run(kid, JSON.stringify(jwk), fixmedinsCode, devNo);
  }

  /** The tills registered for a pharmacy. */
  terminals(fixmedinsCode: string): Array<{ kid: string; devNo: string | null }> {
    return (this.q('SELECT kid, dev_no FROM terminals WHERE fixmedins_code = ? ORDER BY kid').all(fixmedinsCode) as Array<{ kid: string; dev_no: string | null }>).map(
      (r) => ({ kid: r.kid, devNo: r.dev_no }),
    );
  }

  addPerson(p: PersonRow): void {
    this.db
      .prepare('INSERT INTO persons VALUES (@psn_no, @name, @certno, @insutype, @reg, @enrolled, @suspended)')
      .run(p);
  }

  addCredential(c: CredentialRow): void {
    this.q('INSERT INTO credentials VALUES (@sub, @psn_no, @frozen, @pin_salt, @pin_hash)').run(c);
    this.q('INSERT INTO pin_state (sub) VALUES (?)').run(c.sub);
  }

  addAccount(psnNo: string, balanceFen: number): void {
    this.q('INSERT INTO accounts VALUES (?, ?)').run(psnNo, balanceFen);
  }

  addBinding(ownerPsnNo: string, memberPsnNo: string, boundAt: number): void {
    this.q('INSERT INTO bindings VALUES (?, ?, ?)').run(ownerPsnNo, memberPsnNo, boundAt);
  }

  addFamilyLink(ownerSub: string, memberSub: string, addedAt: number): void {
    this.q('INSERT INTO family_links VALUES (?, ?, ?)').run(ownerSub, memberSub, addedAt);
  }

  // --- reads ---------------------------------------------------------------

  terminalKey(kid: string): { jwk: object; fixmedinsCode: string } | undefined {
    const row = this.q('SELECT jwk, fixmedins_code FROM terminals WHERE kid = ?').get(kid) as
      | { jwk: string; fixmedins_code: string }
      | undefined;
    return row && { jwk: JSON.parse(row.jwk) as object, fixmedinsCode: row.fixmedins_code };
  }

  credential(sub: string): CredentialRow | undefined {
    return this.q('SELECT * FROM credentials WHERE sub = ?').get(sub) as CredentialRow | undefined;
  }

  person(psnNo: string): PersonRow | undefined {
    return this.q('SELECT * FROM persons WHERE psn_no = ?').get(psnNo) as PersonRow | undefined;
  }

  /** Every person (a card read at the POS is looked up among them). */
  persons(): PersonRow[] {
    return this.q('SELECT * FROM persons ORDER BY psn_no').all() as PersonRow[];
  }

  /** The personal-account balance, or undefined when the person has no account. */
  balance(psnNo: string): number | undefined {
    const row = this.q('SELECT balance_fen FROM accounts WHERE psn_no = ?').get(psnNo) as
      | { balance_fen: number }
      | undefined;
    return row?.balance_fen;
  }

  binding(ownerPsnNo: string, memberPsnNo: string): { bound_at: number } | undefined {
    return this.db
      .prepare('SELECT bound_at FROM bindings WHERE owner_psn_no = ? AND member_psn_no = ?')
      .get(ownerPsnNo, memberPsnNo) as { bound_at: number } | undefined;
  }

  familyCount(ownerSub: string): number {
    return (this.q('SELECT COUNT(*) AS n FROM family_links WHERE owner_sub = ?').get(ownerSub) as { n: number }).n;
  }

  subsOf(psnNo: string): string[] {
    return (this.q('SELECT sub FROM credentials WHERE psn_no = ? ORDER BY sub').all(psnNo) as Array<{ sub: string }>).map((r) => r.sub);
  }

  removeBinding(ownerPsnNo: string, memberPsnNo: string): void {
    this.q('DELETE FROM bindings WHERE owner_psn_no = ? AND member_psn_no = ?').run(ownerPsnNo, memberPsnNo);
  }

  familyLinked(ownerSub: string, memberSub: string): boolean {
    return (
      this.q('SELECT 1 FROM family_links WHERE owner_sub = ? AND member_sub = ?').get(ownerSub, memberSub) !==
      undefined
    );
  }

  pinState(sub: string): { fails: number; locked: number } {
    return (this.q('SELECT fails, locked FROM pin_state WHERE sub = ?').get(sub) as
      | { fails: number; locked: number }
      | undefined) ?? { fails: 0, locked: 0 };
  }

  /** A booking of one till (kid) by its msgid. */
  booking(kid: string, msgid: string): BookingRow | undefined {
    return this.q('SELECT * FROM bookings WHERE kid = ? AND msgid = ?').get(kid, msgid) as BookingRow | undefined;
  }

  settlementBySetlId(setlId: string): BookingRow | undefined {
    return this.q("SELECT * FROM bookings WHERE setl_id = ? AND infno = '2102'").get(setlId) as
      | BookingRow
      | undefined;
  }

  /** The booked 2103 that cancelled a 2102, if any. */
  cancelOf(kid: string, msgid2102: string): BookingRow | undefined {
    return this.q("SELECT * FROM bookings WHERE orig_kid = ? AND orig_msgid = ? AND infno = '2103' AND state = 'booked'").get(kid, msgid2102) as
      | BookingRow
      | undefined;
  }

  isVoided(kid: string, msgid: string): boolean {
    return this.q('SELECT 1 FROM voided WHERE kid = ? AND msgid = ?').get(kid, msgid) !== undefined;
  }

  /** The answer stored for a till's msgid (idempotency is per signing terminal). */
  storedAnswer(kid: string, msgid: string): StoredAnswer | undefined {
    return this.q('SELECT body_hash, infno, answer FROM answers WHERE kid = ? AND msgid = ?').get(kid, msgid) as
      | StoredAnswer
      | undefined;
  }

  signIn(signNo: string): { fixmedins_code: string; dev_no: string; signed_at: number; ended_at: number | null } | undefined {
    return this.q('SELECT * FROM sign_ins WHERE sign_no = ?').get(signNo) as
      | { fixmedins_code: string; dev_no: string; signed_at: number; ended_at: number | null }
      | undefined;
  }

  jtiSeen(jti: string, nowMs: number): boolean {
    return this.q('SELECT 1 FROM seen_jtis WHERE jti = ? AND forget_after > ?').get(jti, nowMs) !== undefined;
  }

  notices(psnNo: string, limit = 100): NoticeRow[] {
    return this.db
      .prepare('SELECT * FROM notices WHERE psn_no = ? ORDER BY id DESC LIMIT ?')
      .all(psnNo, limit) as NoticeRow[];
  }

  bookings(): BookingRow[] {
    return this.q('SELECT * FROM bookings ORDER BY booked_at, msgid, kid').all() as BookingRow[];
  }

  accounts(): Array<{ psn_no: string; balance_fen: number }> {
    return this.q('SELECT psn_no, balance_fen FROM accounts ORDER BY psn_no').all() as Array<{
      psn_no: string;
      balance_fen: number;
    }>;
  }

  /**
   * A pharmacy's settlement totals over days (3201). Without `group`, every
   * standing (booked, not cancelled) 2102. With it, one insurance type,
   * clearing type and clearing region (the insured person's region: an
   * 异地 sale clears there); `withRefunds` (refd_setl_flag 0) also counts
   * cancelled sales of the days and each cancel of the days as a negative
   * amount and one settlement more.
   */
  totals(
    fixmedinsCode: string,
    beginDay: string,
    endDay: string,
    insutype?: string,
    group: { clrType?: string; setlOptins?: string; withRefunds?: boolean } = {},
  ): { totalFen: number; fundPayFen: number; acctPayFen: number; count: number } {
    // The simulator clears every pharmacy sale as 41 (定点药店购药).
    if (group.clrType !== undefined && group.clrType !== '41') return { totalFen: 0, fundPayFen: 0, acctPayFen: 0, count: 0 };
    const states = group.withRefunds ? "('booked','cancelled')" : "('booked')";
    const where = `b.fixmedins_code = @code AND b.day BETWEEN @begin AND @end AND (@insutype IS NULL OR p.insutype = @insutype) AND (@optins IS NULL OR p.reg = @optins)`;
    const args = { code: fixmedinsCode, begin: beginDay, end: endDay, insutype: insutype ?? null, optins: group.setlOptins ?? null };
    const sales = this.db
      .prepare(
        `SELECT COALESCE(SUM(b.total_fen),0) AS t, COALESCE(SUM(b.fund_pay_fen),0) AS f, COALESCE(SUM(b.acct_pay_fen),0) AS a, COUNT(*) AS n
         FROM bookings b JOIN persons p ON p.psn_no = b.psn_no WHERE b.infno = '2102' AND b.state IN ${states} AND ${where}`,
      )
      .get(args) as { t: number; f: number; a: number; n: number };
    const t = { totalFen: sales.t, fundPayFen: sales.f, acctPayFen: sales.a, count: sales.n };
    if (!group.withRefunds) return t;
    const refunds = this.db
      .prepare(
        `SELECT COALESCE(SUM(b.total_fen),0) AS t, COALESCE(SUM(b.fund_pay_fen),0) AS f, COALESCE(SUM(b.acct_pay_fen),0) AS a, COUNT(*) AS n
         FROM bookings b JOIN persons p ON p.psn_no = b.psn_no WHERE b.infno = '2103' AND b.state = 'booked' AND ${where}`,
      )
      .get(args) as { t: number; f: number; a: number; n: number };
    return { totalFen: t.totalFen - refunds.t, fundPayFen: t.fundPayFen - refunds.f, acctPayFen: t.acctPayFen - refunds.a, count: t.count + refunds.n };
  }

  /** The 2102s of a pharmacy booked over days, booked or cancelled (3202 compares them one by one). */
  daySettlements(fixmedinsCode: string, beginDay: string, endDay: string, group: { clrType?: string; setlOptins?: string } = {}): Array<{
    msgid: string; psn_no: string; setl_id: string; mdtrt_id: string; state: string; total_fen: number; fund_pay_fen: number; acct_pay_fen: number;
  }> {
    // The simulator clears every pharmacy sale as 41 (定点药店购药), by the person's insurance region (as totals()).
    if (group.clrType !== undefined && group.clrType !== '41') return [];
    return this.q(
      `SELECT b.msgid, b.psn_no, b.setl_id, b.mdtrt_id, b.state, b.total_fen, b.fund_pay_fen, b.acct_pay_fen FROM bookings b JOIN persons p ON p.psn_no = b.psn_no
       WHERE b.infno = '2102' AND b.state IN ('booked', 'cancelled') AND b.fixmedins_code = ? AND b.day BETWEEN ? AND ? AND (? IS NULL OR p.reg = ?) ORDER BY b.msgid`,
    ).all(fixmedinsCode, beginDay, endDay, group.setlOptins ?? null, group.setlOptins ?? null) as never;
  }

  /** A file stored by 9101 or made by 3202, if it belongs to this pharmacy. */
  file(fileQuryNo: string, fixmedinsCode: string): { filename: string; bytes: Buffer } | undefined {
    return this.q('SELECT filename, bytes FROM files WHERE file_qury_no = ? AND fixmedins_code = ?').get(fileQuryNo, fixmedinsCode) as never;
  }

  // --- writes (call inside `atomic`) ----------------------------------------

  storeFile(fileQuryNo: string, fixmedinsCode: string, filename: string, bytes: Uint8Array, at: number): void {
    this.q('INSERT INTO files VALUES (?, ?, ?, ?, ?)').run(fileQuryNo, fixmedinsCode, filename, Buffer.from(bytes), at);
  }

  /** Next value of a named counter (setl ids, sign-in serials, gateway msgids). */
  next(name: string): number {
    this.q('INSERT INTO counters VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1').run(name);
    return (this.q('SELECT value FROM counters WHERE name = ?').get(name) as { value: number }).value;
  }

  recordSignIn(signNo: string, fixmedinsCode: string, devNo: string, opter: string | null, at: number): void {
    this.q('INSERT INTO sign_ins VALUES (?, ?, ?, ?, ?, NULL)').run(signNo, fixmedinsCode, devNo, opter, at);
  }

  endSignIn(signNo: string, at: number): void {
    this.q('UPDATE sign_ins SET ended_at = ? WHERE sign_no = ? AND ended_at IS NULL').run(at, signNo);
  }

  setPinState(sub: string, fails: number, locked: boolean): void {
    this.q('UPDATE pin_state SET fails = ?, locked = ? WHERE sub = ?').run(fails, locked ? 1 : 0, sub);
  }

  /** Moves money on one account; `amountFen` < 0 debits. Records the movement. */
  move(msgid: string, psnNo: string, amountFen: number, kind: 'consumption' | 'refund', at: number): number {
    this.q('UPDATE accounts SET balance_fen = balance_fen + ? WHERE psn_no = ?').run(amountFen, psnNo);
    this.q('INSERT INTO movements (msgid, psn_no, amount_fen, kind, at) VALUES (?, ?, ?, ?, ?)').run(
      msgid,
      psnNo,
      amountFen,
      kind,
      at,
    );
    return this.balance(psnNo) ?? 0;
  }

  addNotice(n: Omit<NoticeRow, 'id'>): void {
    this.db
      .prepare('INSERT INTO notices (psn_no, at, pharmacy, amount_fen, kind, balance_fen) VALUES (@psn_no, @at, @pharmacy, @amount_fen, @kind, @balance_fen)')
      .run(n);
  }

  addBooking(b: BookingRow): void {
    this.db
      .prepare(
        `INSERT INTO bookings (kid, msgid, infno, fixmedins_code, fixmedins_name, psn_no, payer_psn_no, setl_id, mdtrt_id,
           orig_kid, orig_msgid, state, total_fen, fund_pay_fen, acct_pay_fen, acct_mulaid_pay_fen, cash_fen, balance_fen,
           voucher_jti, booked_at, day)
         VALUES (@kid, @msgid, @infno, @fixmedins_code, @fixmedins_name, @psn_no, @payer_psn_no,
         @setl_id, @mdtrt_id, @orig_kid, @orig_msgid, @state, @total_fen, @fund_pay_fen, @acct_pay_fen, @acct_mulaid_pay_fen,
         @cash_fen, @balance_fen, @voucher_jti, @booked_at, @day)`,
      )
      .run(b);
  }

  setBookingState(kid: string, msgid: string, state: BookingState): void {
    this.q('UPDATE bookings SET state = ? WHERE kid = ? AND msgid = ?').run(state, kid, msgid);
  }

  markVoided(kid: string, msgid: string, oinfno: string, at: number): void {
    this.q('INSERT OR IGNORE INTO voided (kid, msgid, oinfno, at) VALUES (?, ?, ?, ?)').run(kid, msgid, oinfno, at);
  }

  recordJti(jti: string, forgetAfterMs: number): void {
    this.q('INSERT OR REPLACE INTO seen_jtis VALUES (?, ?)').run(jti, forgetAfterMs);
  }

  storeAnswer(kid: string, msgid: string, bodyHash: string, infno: string, answer: string, at: number): void {
    this.q('INSERT INTO answers (kid, msgid, body_hash, infno, answer, at) VALUES (?, ?, ?, ?, ?, ?)').run(kid, msgid, bodyHash, infno, answer, at);
  }

  /** Everything money-related, for tests that assert nothing changed. */
  dump(): string {
    const tables = ['accounts', 'bookings', 'movements', 'notices', 'pin_state', 'voided', 'seen_jtis', 'answers'];
    return JSON.stringify(tables.map((t) => this.q(`SELECT * FROM ${t} ORDER BY 1`).all()));
  }
}
