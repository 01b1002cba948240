/**
 * The journal's SQLite schema (migrations). One row per outgoing money
 * message; no column can hold a PIN, a PIN block or a voucher text.
 *
 * @module
 */

export const JOURNAL_MIGRATIONS: readonly string[] = [
  `CREATE TABLE entries (
     msgid TEXT PRIMARY KEY,
     infno TEXT NOT NULL CHECK (infno IN ('2102', '2103', '2601')),
     state TEXT NOT NULL,
     psn_no TEXT NOT NULL,
     insuplc_admdvs TEXT NOT NULL,
     amount_fen INTEGER NOT NULL,
     day TEXT NOT NULL,
     jti TEXT,
     payer_jti TEXT,
     items TEXT,
     request TEXT,
     answer TEXT,
     omsgid TEXT,
     reversal_msgid TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     last_error TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX entries_state ON entries (state);
   CREATE INDEX entries_day ON entries (day, infno);
   CREATE TABLE msgid_seq (second TEXT PRIMARY KEY, next INTEGER NOT NULL);`,
];
