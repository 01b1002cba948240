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
];
