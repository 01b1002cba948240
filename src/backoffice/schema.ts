/**
 * The back office's schema, one SQL step per version, the same on PGlite and
 * on a server. Every key starts with the pharmacy code, the distribution
 * column of a distributed PostgreSQL (Citus): a pharmacy's rows live on one
 * shard, and every query below names one pharmacy or is a per-pharmacy
 * roll-up. Entries and uploads are partitioned by day (the msgid's local
 * day, which never changes for a msgid); partitions are made as days come
 * (partitions.ts). Money is integer fen (int8), times epoch milliseconds.
 *
 * @module
 */
import type { Sql } from './db.js';

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE pharmacies (
    pharmacy text PRIMARY KEY, name text NOT NULL, region text NOT NULL);
  CREATE TABLE tills (
    pharmacy text NOT NULL, till int NOT NULL, kid text NOT NULL, dev_no text NOT NULL, jwk text NOT NULL,
    PRIMARY KEY (pharmacy, till));
  CREATE UNIQUE INDEX tills_kid ON tills (pharmacy, kid);
  CREATE TABLE entries (
    pharmacy text NOT NULL, day date NOT NULL, till int NOT NULL, msgid text NOT NULL,
    infno text NOT NULL, state text NOT NULL,
    psn_no text NOT NULL, insutype text NOT NULL, clr_type text NOT NULL, setl_optins text NOT NULL,
    amount_fen int8 NOT NULL, total_fen int8 NOT NULL, fund_pay_fen int8 NOT NULL, acct_pay_fen int8 NOT NULL, cash_fen int8 NOT NULL,
    setl_id text, mdtrt_id text, cancels_setl_id text,
    booked_at int8, booked_day date, created_at int8 NOT NULL, received_at int8 NOT NULL,
    PRIMARY KEY (pharmacy, day, till, msgid)
  ) PARTITION BY RANGE (day);
  CREATE INDEX entries_booked ON entries (pharmacy, booked_day);
  CREATE INDEX entries_setl ON entries (pharmacy, setl_id);
  CREATE INDEX entries_cancels ON entries (pharmacy, cancels_setl_id) WHERE infno = '2103';
  CREATE TABLE uploads (
    pharmacy text NOT NULL, day date NOT NULL, till int NOT NULL, msgid text NOT NULL,
    infno text NOT NULL, state text NOT NULL, sale_msgid text, lines int NOT NULL, received_at int8 NOT NULL,
    PRIMARY KEY (pharmacy, day, till, msgid)
  ) PARTITION BY RANGE (day);
  CREATE TABLE till_status (
    pharmacy text NOT NULL, till int NOT NULL, last_push_at int8 NOT NULL,
    pending_reversals text NOT NULL, pending_uploads int NOT NULL, unpushed int NOT NULL,
    PRIMARY KEY (pharmacy, till));
  CREATE TABLE push_nonces (
    pharmacy text NOT NULL, till int NOT NULL, nonce text NOT NULL, at int8 NOT NULL,
    PRIMARY KEY (pharmacy, till, nonce));
  CREATE INDEX push_nonces_at ON push_nonces (pharmacy, at);
  CREATE TABLE refusals (
    pharmacy text NOT NULL, reason text NOT NULL, count int8 NOT NULL, last_at int8 NOT NULL,
    PRIMARY KEY (pharmacy, reason));
  CREATE TABLE reconciliations (
    pharmacy text NOT NULL, day date NOT NULL, at int8 NOT NULL, balanced boolean NOT NULL, report text NOT NULL,
    PRIMARY KEY (pharmacy, day));
  `,
];

/** Applies the steps not yet applied, each in its own transaction, recorded in `schema_version`. */
export async function migrate(sql: Sql): Promise<number> {
  await sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, at int8 NOT NULL)');
  const rows = await sql.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
  const done = Number(rows[0]?.v ?? 0);
  for (let v = done; v < MIGRATIONS.length; v++) {
    await sql.transaction(async (tx) => {
      await tx.exec(MIGRATIONS[v]!);
      await tx.query('INSERT INTO schema_version (version, at) VALUES ($1, $2)', [v + 1, Date.now()]);
    });
  }
  return MIGRATIONS.length;
}
