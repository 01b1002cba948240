/**
 * The simulator ledger's schema, one SQL step per version (applied by
 * `migrate`). Money columns are integer fen; times are epoch milliseconds.
 *
 * @module
 */

export const LEDGER_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE terminals (kid TEXT PRIMARY KEY, jwk TEXT NOT NULL, fixmedins_code TEXT NOT NULL);
  CREATE TABLE persons (
    psn_no TEXT PRIMARY KEY, name TEXT NOT NULL, certno TEXT NOT NULL, insutype TEXT NOT NULL,
    reg TEXT NOT NULL, enrolled INTEGER NOT NULL DEFAULT 1, suspended INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE credentials (
    sub TEXT PRIMARY KEY, psn_no TEXT NOT NULL REFERENCES persons(psn_no),
    frozen INTEGER NOT NULL DEFAULT 0, pin_salt TEXT NOT NULL, pin_hash TEXT NOT NULL);
  CREATE TABLE pin_state (sub TEXT PRIMARY KEY REFERENCES credentials(sub),
    fails INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE accounts (psn_no TEXT PRIMARY KEY REFERENCES persons(psn_no), balance_fen INTEGER NOT NULL);
  CREATE TABLE bindings (owner_psn_no TEXT NOT NULL, member_psn_no TEXT NOT NULL, bound_at INTEGER NOT NULL,
    PRIMARY KEY (owner_psn_no, member_psn_no));
  CREATE TABLE family_links (owner_sub TEXT NOT NULL, member_sub TEXT NOT NULL, added_at INTEGER NOT NULL,
    PRIMARY KEY (owner_sub, member_sub));
  CREATE TABLE sign_ins (sign_no TEXT PRIMARY KEY, fixmedins_code TEXT NOT NULL, dev_no TEXT NOT NULL,
    opter TEXT, signed_at INTEGER NOT NULL, ended_at INTEGER);
  CREATE TABLE bookings (
    msgid TEXT PRIMARY KEY, infno TEXT NOT NULL, fixmedins_code TEXT NOT NULL, fixmedins_name TEXT NOT NULL,
    psn_no TEXT NOT NULL, payer_psn_no TEXT, setl_id TEXT NOT NULL, mdtrt_id TEXT NOT NULL,
    orig_msgid TEXT, state TEXT NOT NULL CHECK (state IN ('booked','reversed','cancelled')),
    total_fen INTEGER NOT NULL, fund_pay_fen INTEGER NOT NULL, acct_pay_fen INTEGER NOT NULL,
    acct_mulaid_pay_fen INTEGER NOT NULL, cash_fen INTEGER NOT NULL, balance_fen INTEGER NOT NULL,
    voucher_jti TEXT, booked_at INTEGER NOT NULL, day TEXT NOT NULL);
  CREATE INDEX bookings_setl ON bookings(setl_id);
  CREATE INDEX bookings_day ON bookings(fixmedins_code, day);
  CREATE TABLE movements (id INTEGER PRIMARY KEY AUTOINCREMENT, msgid TEXT NOT NULL, psn_no TEXT NOT NULL,
    amount_fen INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('consumption','refund')), at INTEGER NOT NULL);
  CREATE TABLE notices (id INTEGER PRIMARY KEY AUTOINCREMENT, psn_no TEXT NOT NULL, at INTEGER NOT NULL,
    pharmacy TEXT NOT NULL, amount_fen INTEGER NOT NULL, kind TEXT NOT NULL, balance_fen INTEGER NOT NULL);
  CREATE INDEX notices_psn ON notices(psn_no, id);
  CREATE TABLE answers (msgid TEXT PRIMARY KEY, body_hash TEXT NOT NULL, infno TEXT NOT NULL,
    answer TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE voided (msgid TEXT PRIMARY KEY, oinfno TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE seen_jtis (jti TEXT PRIMARY KEY, forget_after INTEGER NOT NULL);
  CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  `,
  // Tills: each terminal key is one till (dev_no). Idempotency, voids and bookings are scoped to
  // the signing terminal (kid), so two tills' identical msgids never meet.
  `
  ALTER TABLE terminals ADD COLUMN dev_no TEXT;
  CREATE TABLE answers_t (kid TEXT NOT NULL, msgid TEXT NOT NULL, body_hash TEXT NOT NULL, infno TEXT NOT NULL,
    answer TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (kid, msgid));
  INSERT INTO answers_t SELECT '', msgid, body_hash, infno, answer, at FROM answers;
  DROP TABLE answers;
  ALTER TABLE answers_t RENAME TO answers;
  CREATE TABLE voided_t (kid TEXT NOT NULL, msgid TEXT NOT NULL, oinfno TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (kid, msgid));
  INSERT INTO voided_t SELECT '', msgid, oinfno, at FROM voided;
  DROP TABLE voided;
  ALTER TABLE voided_t RENAME TO voided;
  CREATE TABLE bookings_t (
    kid TEXT NOT NULL, msgid TEXT NOT NULL, infno TEXT NOT NULL, fixmedins_code TEXT NOT NULL, fixmedins_name TEXT NOT NULL,
    psn_no TEXT NOT NULL, payer_psn_no TEXT, setl_id TEXT NOT NULL, mdtrt_id TEXT NOT NULL,
    orig_kid TEXT, orig_msgid TEXT, state TEXT NOT NULL CHECK (state IN ('booked','reversed','cancelled')),
    total_fen INTEGER NOT NULL, fund_pay_fen INTEGER NOT NULL, acct_pay_fen INTEGER NOT NULL,
    acct_mulaid_pay_fen INTEGER NOT NULL, cash_fen INTEGER NOT NULL, balance_fen INTEGER NOT NULL,
    voucher_jti TEXT, booked_at INTEGER NOT NULL, day TEXT NOT NULL, PRIMARY KEY (kid, msgid));
  INSERT INTO bookings_t SELECT '', msgid, infno, fixmedins_code, fixmedins_name, psn_no, payer_psn_no, setl_id, mdtrt_id,
    CASE WHEN orig_msgid IS NULL THEN NULL ELSE '' END, orig_msgid, state, total_fen, fund_pay_fen, acct_pay_fen,
    acct_mulaid_pay_fen, cash_fen, balance_fen, voucher_jti, booked_at, day FROM bookings;
  DROP TABLE bookings;
  ALTER TABLE bookings_t RENAME TO bookings;
  CREATE INDEX bookings_setl ON bookings(setl_id);
  CREATE INDEX bookings_day ON bookings(fixmedins_code, day);
  CREATE INDEX bookings_orig ON bookings(orig_kid, orig_msgid);
  `,
  // 9101/9102 files (3202 detail files up, result files down), kept by file_qury_no for their pharmacy.
  `
  CREATE TABLE files (file_qury_no TEXT PRIMARY KEY, fixmedins_code TEXT NOT NULL, filename TEXT NOT NULL,
    bytes BLOB NOT NULL, at INTEGER NOT NULL);
  `,
];
