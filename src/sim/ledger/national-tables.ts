/**
 * The simulator's records of the national platform's online parts: the
 * voucher codes it issued (医保电子凭证码, decoded by 1162 into an ecToken) and
 * the drug traceability codes sold (from 2102 and 3505). Kept in the ledger
 * file, in tables of their own created on open (`IF NOT EXISTS`, so a ledger
 * made before them gains them without a schema version).
 *
 * @module
 */
import type { Ledger } from './ledger.js';
import { ensureCatalog } from './catalog.js';

const TABLES = `
  CREATE TABLE IF NOT EXISTS ec_codes (code TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, sub TEXT NOT NULL,
    act_sub TEXT, chn TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS trace_sales (code TEXT PRIMARY KEY, setl_id TEXT NOT NULL, msgid TEXT NOT NULL,
    med_list_codg TEXT NOT NULL, uploaded INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS trace_returns (code TEXT NOT NULL, setl_id TEXT NOT NULL, msgid TEXT NOT NULL, at INTEGER NOT NULL,
    PRIMARY KEY (code, setl_id));
`;

export function ensureNationalTables(ledger: Ledger): void {
  ledger.db.exec(TABLES);
  ensureCatalog(ledger);
}

export interface EcCodeRow {
  code: string;
  token: string;
  sub: string;
  act_sub: string | null;
  chn: string;
  issued_at: number;
  expires_at: number;
}

export function addEcCode(ledger: Ledger, row: EcCodeRow): void {
  ledger.db
    .prepare('INSERT INTO ec_codes VALUES (@code, @token, @sub, @act_sub, @chn, @issued_at, @expires_at)')
    .run(row);
}

export function ecCodeByCode(ledger: Ledger, code: string): EcCodeRow | undefined {
  return ledger.db.prepare('SELECT * FROM ec_codes WHERE code = ?').get(code) as EcCodeRow | undefined;
}

export function ecCodeByToken(ledger: Ledger, token: string): EcCodeRow | undefined {
  return ledger.db.prepare('SELECT * FROM ec_codes WHERE token = ?').get(token) as EcCodeRow | undefined;
}

export interface TraceSaleRow {
  code: string;
  setl_id: string;
  msgid: string;
  med_list_codg: string;
  uploaded: number;
  at: number;
}

export function traceSale(ledger: Ledger, code: string): TraceSaleRow | undefined {
  return ledger.db.prepare('SELECT * FROM trace_sales WHERE code = ?').get(code) as TraceSaleRow | undefined;
}

/** Records (or re-records, after its earlier sale was undone) a sold code; `uploaded` once a 3505 named it. */
export function recordTraceSale(ledger: Ledger, row: TraceSaleRow): void {
  ledger.db
    .prepare('INSERT OR REPLACE INTO trace_sales VALUES (@code, @setl_id, @msgid, @med_list_codg, @uploaded, @at)')
    .run(row);
}

export function traceSales(ledger: Ledger): TraceSaleRow[] {
  return ledger.db.prepare('SELECT * FROM trace_sales ORDER BY at, code').all() as TraceSaleRow[];
}

/** A 3506 named this code of this settlement as returned. */
export function recordTraceReturn(ledger: Ledger, row: { code: string; setl_id: string; msgid: string; at: number }): void {
  ledger.db.prepare('INSERT OR REPLACE INTO trace_returns VALUES (@code, @setl_id, @msgid, @at)').run(row);
}

export function traceReturned(ledger: Ledger, code: string, setlId: string): boolean {
  return ledger.db.prepare('SELECT 1 FROM trace_returns WHERE code = ? AND setl_id = ?').get(code, setlId) !== undefined;
}
