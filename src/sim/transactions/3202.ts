/**
 * 3202 对明细账 detail reconciliation: the pharmacy's detail file (uploaded
 * with 9101, named by `file_qury_no`) against the ledger's 2102s of the days,
 * settlement by settlement (rows of one setl_id summed, so a refund sent as
 * booked plus negated nets to nothing, as a cancelled booking does). The
 * result file (rows that do not match, see gateway/detail-file.ts) is stored
 * and named in `fileinfo{file_qury_no, filename, dld_endtime}`, to be fetched
 * with 9102. Input as the national 3202: setl_optins, file_qury_no,
 * stmt_begndate, stmt_enddate, medfee_sumamt, fund_pay_sumamt, cash_payamt,
 * fixmedins_setl_cnt, clr_type, refd_setl_flag.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { DAY, fen, obj, optStr, str } from '../input.js';
import { bad, SimRefusal } from '../refusal.js';
import { cstStamp14 } from '../rules/day.js';
import { parseDetailText, resultText, unzipText, zipText, type ResultRow } from '../../gateway/detail-file.js';

interface Prepared {
  begin: string;
  end: string;
  fileQuryNo: string;
  clrType: string | undefined;
  setlOptins: string;
}

interface Net {
  psnNo: string;
  mdtrtId: string;
  msgid: string;
  totalFen: number;
  fundPayFen: number;
  acctPayFen: number;
  refund: boolean;
}

export const detailReconcile: Handler<Prepared> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    const begin = str(data, 'stmt_begndate', DAY);
    const end = str(data, 'stmt_enddate', DAY);
    if (end < begin) throw bad('stmt_enddate is before stmt_begndate');
    const setlOptins = str(data, 'setl_optins', /^[0-9]{6}$/);
    fen(data, 'medfee_sumamt');
    // The settlements compared are those of the clearing type and agency asked (one 3202 per group, as the platform clears them).
    const clrType = optStr(data, 'clr_type', /^[0-9]{2,6}$/);
    return { begin, end, fileQuryNo: str(data, 'file_qury_no', /^.{1,30}$/), clrType, setlOptins };
  },
  apply(ctx, p) {
    const file = ctx.ledger.file(p.fileQuryNo, ctx.env.fixmedins_code);
    if (!file) throw new SimRefusal('BAD_REQUEST', { detail: 'file_qury_no: no uploaded detail file of this pharmacy' });
    let text: string;
    try {
      text = unzipText(file.bytes);
    } catch {
      throw bad('the detail file is not a zip');
    }
    const theirs = new Map<string, Net>();
    for (const r of parseDetailText(text)) {
      const n = theirs.get(r.setlId) ?? { psnNo: r.psnNo, mdtrtId: r.mdtrtId, msgid: '', totalFen: 0, fundPayFen: 0, acctPayFen: 0, refund: false };
      n.totalFen += r.totalFen;
      n.fundPayFen += r.fundPayFen;
      n.acctPayFen += r.acctPayFen;
      n.refund ||= r.refund;
      theirs.set(r.setlId, n);
    }
    const ours = new Map<string, Net>();
    for (const b of ctx.ledger.daySettlements(ctx.env.fixmedins_code, p.begin, p.end, { ...(p.clrType !== undefined ? { clrType: p.clrType } : {}), setlOptins: p.setlOptins })) {
      const kept = b.state === 'booked';
      ours.set(b.setl_id, {
        psnNo: b.psn_no, mdtrtId: b.mdtrt_id, msgid: b.msgid,
        totalFen: kept ? b.total_fen : 0, fundPayFen: kept ? b.fund_pay_fen : 0, acctPayFen: kept ? b.acct_pay_fen : 0, refund: !kept,
      });
    }
    const rows: ResultRow[] = [];
    const row = (setlId: string, n: Net, stmtRslt: ResultRow['stmtRslt'], memo: string, msgid: string): ResultRow => ({
      psnNo: n.psnNo, mdtrtId: n.mdtrtId, setlId, msgid, stmtRslt, refund: n.refund, memo, totalFen: n.totalFen, fundPayFen: n.fundPayFen, acctPayFen: n.acctPayFen,
    });
    for (const [setlId, t] of theirs) {
      const o = ours.get(setlId);
      if (!o) {
        if (t.totalFen !== 0) rows.push(row(setlId, t, '1', '医药机构有，中心无', ''));
      } else if (o.totalFen !== t.totalFen || o.fundPayFen !== t.fundPayFen || o.acctPayFen !== t.acctPayFen) {
        rows.push(row(setlId, o, '3', '金额不一致', o.msgid));
      }
    }
    for (const [setlId, o] of ours) if (!theirs.has(setlId) && o.totalFen !== 0) rows.push(row(setlId, o, '2', '中心有，医药机构无', o.msgid));
    const now = ctx.clock();
    const no = `fsi/plc/${cstStamp14(now)}${String(ctx.ledger.next('file')).padStart(8, '0')}`;
    const filename = `3202_${ctx.env.fixmedins_code}_${p.begin}.zip`;
    ctx.ledger.storeFile(no, ctx.env.fixmedins_code, filename, zipText(filename.replace(/\.zip$/, '.txt'), resultText(rows)), now);
    return {
      output: {
        fileinfo: { file_qury_no: no, filename, dld_endtime: '' },
        // Extension: how many rows differ (the national answer names the file only).
        diff_cnt: rows.length,
      },
    };
  },
};
