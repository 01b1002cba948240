/**
 * Reconciliation of a pharmacy's day over all its tills against the gateway:
 * the national 3201 per insutype × clr_type × clearing agency, plus the
 * all-types total (which catches a group the back office never saw); the
 * differences explained entry by entry from what the tills said (reversals
 * still pending, entries not yet pushed, tills silent); and, with `detail`,
 * 3202 as the platform does it: the day's detail file uploaded with 9101,
 * 3202 with its `file_qury_no`, the result file fetched with 9102 and each
 * row matched back to a till and msgid.
 *
 * @module
 */
import { detailText, parseResultText, unzipText, zipText, type DetailRow } from '../gateway/detail-file.js';
import type { ReconcileResult } from '../gateway/types.js';
import { msgidDay } from '../journal/push-format.js';
import { TILL_BLOCK } from '../journal/till.js';
import type { Sql } from './db.js';
import { dayEntries, groupTotals, saveReconciliation, tillStatus, type GroupTotals } from './queries.js';

export interface Totals {
  totalFen: number;
  fundPayFen: number;
  acctPayFen: number;
  count: number;
}

export type ExplanationKind = 'reversal_pending' | 'unpushed' | 'silent' | 'gateway_only' | 'backoffice_only' | 'amount_differs';

/**
 * Why one entry makes a pharmacy's day unbalanced: which till and msgid, and what is wrong with it.
 *
 * Exported from `yibao-pos/backoffice`.
 */
export interface Explanation {
  kind: ExplanationKind;
  till: number | null;
  msgid: string | null;
  setlId: string | null;
  amountFen: number | null;
  zh: string;
  en: string;
}

export interface GroupReport {
  insutype: string;
  clrType: string;
  setlOptins: string;
  backoffice: Totals;
  balanced: boolean;
  description?: string;
}

/**
 * One pharmacy's day reconciled over all its tills: the groups, whether each balanced, and the explanations.
 *
 * Exported from `yibao-pos/backoffice`.
 */
export interface PharmacyDayReport {
  pharmacy: string;
  day: string;
  balanced: boolean;
  groups: GroupReport[];
  overall: { backoffice: Totals; gateway: Totals | null; balanced: boolean };
  explanations: Explanation[];
  /** 3202, one per clearing type and agency (`clr_type`, `setl_optins`) of the day's entries; `sent` and `differing` summed. */
  detail?: { sent: number; differing: number; groups: DetailGroup[] };
}

/** One 3202 of a pharmacy-day: its clearing type and agency, its 9101 and 9102 files, rows sent and differing. */
export interface DetailGroup {
  clrType: string;
  setlOptins: string;
  uploadedFileQuryNo: string;
  resultFileQuryNo: string;
  sent: number;
  differing: number;
}

/** What reconciliation needs of the gateway (a GatewayClient of the pharmacy). */
export interface ReconcileGateway {
  reconcile(req: {
    beginDate: string; endDate: string; totalFen: number; acctPayFen: number; count: number; fundPayFen?: number; insutype?: string; clrType?: string; setlOptins?: string;
  }): Promise<ReconcileResult>;
  uploadFile(filename: string, bytes: Uint8Array): Promise<{ fileQuryNo: string; filename: string }>;
  reconcileDetail(req: { fileQuryNo: string; beginDate: string; endDate: string; totalFen: number; fundPayFen: number; cashFen: number; count: number; clrType?: string; setlOptins?: string }): Promise<{ fileQuryNo: string; filename: string }>;
  downloadFile(fileQuryNo: string, filename: string): Promise<Uint8Array>;
}

const yuan = (fen: number): string => (fen / 100).toFixed(2);
/** Which till of the pharmacy made a msgid: its block of the 4-digit sequence. */
const tillOfMsgid = (msgid: string): number => Math.floor(Number(msgid.slice(-4)) / TILL_BLOCK) + 1;

function sum(groups: readonly GroupTotals[]): Totals {
  return groups.reduce((t, g) => ({ totalFen: t.totalFen + g.totalFen, fundPayFen: t.fundPayFen + g.fundPayFen, acctPayFen: t.acctPayFen + g.acctPayFen, count: t.count + g.count }), {
    totalFen: 0, fundPayFen: 0, acctPayFen: 0, count: 0,
  });
}

/** What the tills themselves say could explain a difference on `day` (pure over the status rows). */
export function statusExplanations(status: Awaited<ReturnType<typeof tillStatus>>, pharmacy: string, day: string): Explanation[] {
  const out: Explanation[] = [];
  for (const s of status) {
    if (s.lastPushAt === null) {
      out.push({ kind: 'silent', till: s.till, msgid: null, setlId: null, amountFen: null, zh: `收款台 ${s.till} 从未推送`, en: `till ${s.till} has never pushed` });
      continue;
    }
    if (s.unpushed > 0) {
      out.push({ kind: 'unpushed', till: s.till, msgid: null, setlId: null, amountFen: null, zh: `收款台 ${s.till} 还有 ${s.unpushed} 笔未推送`, en: `till ${s.till} has ${s.unpushed} entries not yet pushed` });
    }
    for (const r of s.pendingReversals) {
      if (msgidDay(r.msgid, pharmacy) !== day) continue;
      out.push({
        kind: 'reversal_pending', till: s.till, msgid: r.msgid, setlId: null, amountFen: r.amountFen,
        zh: `收款台 ${s.till} 的 ${r.msgid}（${yuan(r.amountFen)} 元）冲正未完成，中心可能仍记为已结算`,
        en: `till ${s.till}: ${r.msgid} (${yuan(r.amountFen)} yuan) is being reversed; the gateway may still count it`,
      });
    }
  }
  return out;
}

/**
 * 3202 as the platform does it, once per clearing type and agency: that
 * group's detail file up (9101), 3202 over it with the group's totals, the
 * result file down (9102), each differing row matched back to a till and msgid.
 */
async function detail(sql: Sql, gateway: ReconcileGateway, pharmacy: string, day: string): Promise<{ info: NonNullable<PharmacyDayReport['detail']>; explanations: Explanation[] }> {
  const all = await dayEntries(sql, pharmacy, day);
  const byGroup = new Map<string, typeof all>();
  for (const e of all) {
    const k = `${e.clrType}\u0000${e.setlOptins}`;
    const group = byGroup.get(k);
    if (group) group.push(e);
    else byGroup.set(k, [e]);
  }
  const info: NonNullable<PharmacyDayReport['detail']> = { sent: 0, differing: 0, groups: [] };
  const explanations: Explanation[] = [];
  for (const entries of byGroup.values()) {
    const { clrType, setlOptins } = entries[0]!;
    const d = await detailOfGroup(gateway, pharmacy, day, clrType, setlOptins, entries);
    info.groups.push(d.info);
    info.sent += d.info.sent;
    info.differing += d.info.differing;
    explanations.push(...d.explanations);
  }
  return { info, explanations };
}

async function detailOfGroup(
  gateway: ReconcileGateway, pharmacy: string, day: string, clrType: string, setlOptins: string, entries: Awaited<ReturnType<typeof dayEntries>>,
): Promise<{ info: DetailGroup; explanations: Explanation[] }> {
  const rows: DetailRow[] = [];
  for (const e of entries) {
    const row = { setlId: e.setlId, mdtrtId: e.mdtrtId, psnNo: e.psnNo, totalFen: e.totalFen, fundPayFen: e.fundPayFen, acctPayFen: e.acctPayFen, refund: e.cancelled };
    rows.push(row);
    // A refunded settlement goes as booked, then negated (both flagged).
    if (e.cancelled) rows.push({ ...row, totalFen: -e.totalFen, fundPayFen: -e.fundPayFen, acctPayFen: -e.acctPayFen });
  }
  const kept = entries.filter((e) => !e.cancelled);
  const totals = kept.reduce((t, e) => ({ totalFen: t.totalFen + e.totalFen, fundPayFen: t.fundPayFen + e.fundPayFen, cashFen: t.cashFen + e.cashFen }), { totalFen: 0, fundPayFen: 0, cashFen: 0 });
  const name = `${pharmacy}_${day.replaceAll('-', '')}_${clrType}_${setlOptins}`;
  const up = await gateway.uploadFile(`${name}.zip`, zipText(`${name}.txt`, detailText(rows)));
  const result = await gateway.reconcileDetail({ fileQuryNo: up.fileQuryNo, beginDate: day, endDate: day, ...totals, count: kept.length, clrType, setlOptins });
  const diffs = parseResultText(unzipText(await gateway.downloadFile(result.fileQuryNo, result.filename)));
  const bySetl = new Map(entries.map((e) => [e.setlId, e]));
  const explanations = diffs.map((d): Explanation => {
    const ours = bySetl.get(d.setlId);
    const till = ours?.till ?? (d.msgid !== '' ? tillOfMsgid(d.msgid) : null);
    const msgid = ours?.msgid ?? (d.msgid || null);
    const at = till === null ? '' : `收款台 ${till} `;
    const atEn = till === null ? '' : `till ${till} `;
    if (d.stmtRslt === '2') {
      return { kind: 'gateway_only', till, msgid, setlId: d.setlId, amountFen: d.totalFen, zh: `${at}${msgid ?? ''} 结算 ${d.setlId}（${yuan(d.totalFen)} 元）中心有、后台无`, en: `${atEn}${msgid ?? ''} settlement ${d.setlId} (${yuan(d.totalFen)} yuan): the gateway has it, the back office does not` };
    }
    if (d.stmtRslt === '1') {
      return { kind: 'backoffice_only', till, msgid, setlId: d.setlId, amountFen: d.totalFen, zh: `${at}${msgid ?? ''} 结算 ${d.setlId}（${yuan(d.totalFen)} 元）后台有、中心无`, en: `${atEn}${msgid ?? ''} settlement ${d.setlId} (${yuan(d.totalFen)} yuan): the back office has it, the gateway does not` };
    }
    return { kind: 'amount_differs', till, msgid, setlId: d.setlId, amountFen: d.totalFen, zh: `${at}${msgid ?? ''} 结算 ${d.setlId} 金额不一致（中心 ${yuan(d.totalFen)} 元）`, en: `${atEn}${msgid ?? ''} settlement ${d.setlId}: amounts differ (gateway ${yuan(d.totalFen)} yuan)` };
  });
  return { info: { clrType, setlOptins, uploadedFileQuryNo: up.fileQuryNo, resultFileQuryNo: result.fileQuryNo, sent: rows.length, differing: diffs.length }, explanations };
}

/** Reconciles one pharmacy's day and keeps the report (the page lists the unbalanced ones). */
export async function reconcilePharmacyDay(sql: Sql, gateway: ReconcileGateway, pharmacy: string, day: string, options: { detail?: boolean; now: number }): Promise<PharmacyDayReport> {
  const groups = await groupTotals(sql, pharmacy, day);
  const reports: GroupReport[] = [];
  for (const g of groups) {
    const answer = await gateway.reconcile({
      beginDate: day, endDate: day, insutype: g.insutype, clrType: g.clrType, setlOptins: g.setlOptins,
      totalFen: g.totalFen, fundPayFen: g.fundPayFen, acctPayFen: g.acctPayFen, count: g.count,
    });
    const backoffice = { totalFen: g.totalFen, fundPayFen: g.fundPayFen, acctPayFen: g.acctPayFen, count: g.count };
    reports.push({ insutype: g.insutype, clrType: g.clrType, setlOptins: g.setlOptins, backoffice, balanced: answer.balanced, ...(answer.description ? { description: answer.description } : {}) });
  }
  const total = sum(groups);
  const all = await gateway.reconcile({ beginDate: day, endDate: day, totalFen: total.totalFen, acctPayFen: total.acctPayFen, count: total.count });
  const overall = {
    backoffice: total,
    gateway: all.totalsFromGateway ? { totalFen: all.gateway.totalFen, fundPayFen: total.fundPayFen, acctPayFen: all.gateway.acctPayFen, count: all.gateway.count } : null,
    balanced: all.balanced,
  };
  const explanations = statusExplanations(await tillStatus(sql, pharmacy), pharmacy, day);
  const report: PharmacyDayReport = { pharmacy, day, balanced: overall.balanced && reports.every((r) => r.balanced), groups: reports, overall, explanations };
  if (options.detail) {
    const d = await detail(sql, gateway, pharmacy, day);
    report.detail = d.info;
    report.explanations.push(...d.explanations);
    if (d.info.differing > 0) report.balanced = false;
  }
  await saveReconciliation(sql, pharmacy, day, report.balanced, report, options.now);
  return report;
}
