/**
 * The files of 3202 detail reconciliation, in the platform's format: the
 * pharmacy's detail file (uploaded with 9101) and the platform's result file
 * (fetched with 9102). Both are UTF-8 text in a zip, one row a line, fields
 * separated by TAB, an empty field written `null`, money in yuan.
 *
 * Detail rows (table 200): setl_id, mdtrt_id, psn_no, medfee_sumamt,
 * fund_pay_sumamt, acct_pay, refd_setl_flag, exp_content. A settlement that
 * was refunded (cancelled) is sent twice: as booked, then negated, both
 * flagged as a refund.
 *
 * Result rows (table 201), one per settlement that does not match: psn_no,
 * mdtrt_id, setl_id, msgid, stmt_rslt, refd_setl_flag, memo, medfee_sumamt,
 * fund_pay_sumamt, acct_pay, exp_content. stmt_rslt: 1 the pharmacy has it
 * and the platform not, 2 the platform has it and the pharmacy not, 3 both
 * have it with other amounts.
 *
 * Layout followed: the 3202/9101/9102 models of public HIS clients
 * (Input_3202, Output_3202 `fileinfo`/`result`, Input_9101 `fsUploadIn`,
 * fsDownloadIn) and a reconciliation service writing table 200 as
 * TAB-separated UTF-8 with `null` for empty fields, zipped.
 *
 * @module
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { fenToYuan, yuanToFen } from './money.js';
import type { Settlement } from './types.js';

export const REFUND_FLAG = '001';
export const NORMAL_FLAG = '000';
const SIGNED = { signed: true };

export interface DetailRow extends Pick<Settlement, 'setlId' | 'mdtrtId' | 'psnNo' | 'totalFen' | 'fundPayFen' | 'acctPayFen'> {
  refund: boolean;
}

export type ResultKind = '1' | '2' | '3';

export interface ResultRow {
  psnNo: string;
  mdtrtId: string;
  setlId: string;
  msgid: string;
  stmtRslt: ResultKind;
  refund: boolean;
  memo: string;
  totalFen: number;
  fundPayFen: number;
  acctPayFen: number;
}

const cell = (s: string): string => (s === '' ? 'null' : s.replace(/[\t\r\n]/g, ' '));
const read = (s: string | undefined): string => (s === undefined || s === 'null' ? '' : s);
const lines = (text: string): string[][] => text.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/\r$/, '').split('\t'));
/** Rows of cells as the platform's file: tab-separated, one row a line, a newline after the last. */
const tsv = (rows: ReadonlyArray<readonly string[]>): string => rows.map((r) => `${r.map(cell).join('\t')}\n`).join('');

export function detailText(rows: readonly DetailRow[]): string {
  return tsv(rows.map((r) => [r.setlId, r.mdtrtId, r.psnNo, fenToYuan(r.totalFen), fenToYuan(r.fundPayFen), fenToYuan(r.acctPayFen), r.refund ? REFUND_FLAG : NORMAL_FLAG, '']));
}

export function parseDetailText(text: string): DetailRow[] {
  return lines(text).map((c) => ({
    setlId: read(c[0]),
    mdtrtId: read(c[1]),
    psnNo: read(c[2]),
    totalFen: yuanToFen(read(c[3]) || '0', SIGNED),
    fundPayFen: yuanToFen(read(c[4]) || '0', SIGNED),
    acctPayFen: yuanToFen(read(c[5]) || '0', SIGNED),
    refund: read(c[6]) === REFUND_FLAG,
  }));
}

export function resultText(rows: readonly ResultRow[]): string {
  return tsv(rows.map((r) => [r.psnNo, r.mdtrtId, r.setlId, r.msgid, r.stmtRslt, r.refund ? REFUND_FLAG : NORMAL_FLAG, r.memo, fenToYuan(r.totalFen), fenToYuan(r.fundPayFen), fenToYuan(r.acctPayFen), '']));
}

export function parseResultText(text: string): ResultRow[] {
  return lines(text).map((c) => ({
    psnNo: read(c[0]),
    mdtrtId: read(c[1]),
    setlId: read(c[2]),
    msgid: read(c[3]),
    stmtRslt: read(c[4]) as ResultKind,
    refund: read(c[5]) === REFUND_FLAG,
    memo: read(c[6]),
    totalFen: yuanToFen(read(c[7]) || '0', SIGNED),
    fundPayFen: yuanToFen(read(c[8]) || '0', SIGNED),
    acctPayFen: yuanToFen(read(c[9]) || '0', SIGNED),
  }));
}

/** A zip holding one text file `name` (the platform's file shape). */
export function zipText(name: string, text: string): Uint8Array {
  return zipSync({ [name]: strToU8(text) }, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}

/** The text of the first file in a zip. */
export function unzipText(bytes: Uint8Array): string {
  const files = unzipSync(bytes);
  const first = Object.keys(files)[0];
  return first === undefined ? '' : strFromU8(files[first]!);
}
