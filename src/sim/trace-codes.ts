/**
 * The simulator's traceability rule: a drug traceability code belongs to at
 * most one standing sale. A code whose sale was reversed or cancelled may be
 * sold again; a code of a standing sale is refused (`TRACE_CODE_SOLD`), by
 * 2101/2102 before anything is booked and by 3505 for another settlement.
 * Runs inside the ledger transaction.
 *
 * @module
 */
import { TRACE_CODE } from '../gateway/trace-fields.js';
import type { Ledger } from './ledger/ledger.js';
import { recordTraceSale, traceSale } from './ledger/national-tables.js';
import { SimRefusal, bad } from './refusal.js';


export interface LineCodes {
  medListCodg: string;
  codes: string[];
}

/**
 * The trace codes of 2101/2102, in either shape: the `drug_trac_info` node
 * (one entry per code naming its line by `feedetl_sn`, each with the four
 * fields the platform mock requires) or `drug_trac_codg` on each
 * `drugdetail` line (comma-separated codes). Checked.
 */
export function readDetailTraceCodes(input: Record<string, unknown>): LineCodes[] {
  const details = Array.isArray(input.drugdetail) ? (input.drugdetail as Array<Record<string, unknown>>) : [];
  const lines: LineCodes[] = [];
  for (const d of details) {
    const raw = d?.drug_trac_codg;
    if (raw === undefined || raw === null || raw === '') continue;
    if (typeof raw !== 'string') throw bad('drug_trac_codg');
    const codes = raw.split(',');
    if (!codes.every((c) => TRACE_CODE.test(c))) throw bad('drug_trac_codg: each code is 20 digits');
    lines.push({ medListCodg: String(d.med_list_codg), codes });
  }
  const nodes = input.drug_trac_info;
  if (nodes !== undefined && nodes !== null && nodes !== '') {
    if (!Array.isArray(nodes)) throw bad('drug_trac_info must be a list');
    const bySn = new Map<string, LineCodes>();
    nodes.forEach((n: unknown, i) => {
      const node = (n ?? {}) as Record<string, unknown>;
      for (const k of ['feedetl_sn', 'drug_trac_codg', 'trdn_flag', 'min_prcunt_type']) {
        if (typeof node[k] !== 'string' || node[k] === '') throw bad(`drug_trac_info第${i + 1}行必填字段缺失: ${k}`);
      }
      const code = node.drug_trac_codg as string;
      if (!TRACE_CODE.test(code)) throw bad('drug_trac_info: each code is 20 digits');
      const line = details.find((d) => String(d?.feedetl_sn) === node.feedetl_sn);
      if (!line) throw bad(`drug_trac_info: no drugdetail line ${String(node.feedetl_sn).slice(0, 20)}`);
      if (!/^[01]$/.test(node.trdn_flag as string) || !/^[12]$/.test(node.min_prcunt_type as string)) throw bad('drug_trac_info: trdn_flag 0|1, min_prcunt_type 1|2');
      const sn = node.feedetl_sn as string;
      const entry = bySn.get(sn) ?? { medListCodg: String(line.med_list_codg), codes: [] };
      entry.codes.push(code);
      bySn.set(sn, entry);
    });
    lines.push(...bySn.values());
  }
  const all = lines.flatMap((l) => l.codes);
  if (new Set(all).size !== all.length) throw bad('drug_trac_codg: a code appears twice');
  const info = input.druginfo as Record<string, unknown> | undefined;
  const count = info?.minpacunt_drug_trac_cnt;
  if (count !== undefined && count !== null && count !== '' && Number(count) !== all.length) {
    throw bad('minpacunt_drug_trac_cnt differs from the trace codes in drugdetail');
  }
  return lines;
}

/** The setl_id a code stands sold under, or undefined when it is free. */
function standingSale(ledger: Ledger, code: string): string | undefined {
  const row = traceSale(ledger, code);
  if (!row) return undefined;
  const booking = ledger.settlementBySetlId(row.setl_id);
  if (!booking || booking.state !== 'booked' || ledger.cancelOf(booking.kid, booking.msgid)) return undefined;
  return row.setl_id;
}

/** Refuses when any code stands sold under another settlement than `setlId`. */
export function refuseSoldCodes(ledger: Ledger, codes: readonly string[], setlId?: string): void {
  for (const code of codes) {
    const owner = standingSale(ledger, code);
    if (owner !== undefined && owner !== setlId) throw new SimRefusal('TRACE_CODE_SOLD', { detail: code, output: { drug_trac_codg: code } });
  }
}

export function recordSoldCodes(ledger: Ledger, lines: readonly LineCodes[], ids: { setlId: string; msgid: string }, at: number, uploaded: boolean): void {
  for (const l of lines) {
    for (const code of l.codes) {
      const prior = traceSale(ledger, code);
      const wasUploaded = prior !== undefined && prior.setl_id === ids.setlId && prior.uploaded === 1;
      recordTraceSale(ledger, { code, setl_id: ids.setlId, msgid: ids.msgid, med_list_codg: l.medListCodg, uploaded: uploaded || wasUploaded ? 1 : 0, at });
    }
  }
}
