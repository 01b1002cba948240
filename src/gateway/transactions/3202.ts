/**
 * 3202 明细对账 detail reconciliation of a day range over the detail file
 * uploaded with 9101; out, the result file's `file_qury_no` and name (fetch
 * it with 9102).
 *
 * @module
 */
import { fenToYuan } from '../money.js';
import { object, textField } from '../read.js';
import type { DetailReconcileRequest } from '../types.js';
import type { Codec } from './codec.js';

export const reconcileDetail3202: Codec<DetailReconcileRequest, { fileQuryNo: string; filename: string }> = {
  infno: '3202',
  input: (req, ctx) => ({
    data: {
      setl_optins: req.setlOptins ?? ctx.mdtrtAreaAdmvs,
      file_qury_no: req.fileQuryNo,
      stmt_begndate: req.beginDate,
      stmt_enddate: req.endDate,
      medfee_sumamt: fenToYuan(req.totalFen),
      fund_pay_sumamt: fenToYuan(req.fundPayFen),
      cash_payamt: fenToYuan(req.cashFen),
      fixmedins_setl_cnt: req.count,
      clr_type: req.clrType ?? '41',
      refd_setl_flag: '0',
    },
  }),
  read({ output, msgid }) {
    const info = object(output, 'fileinfo', msgid);
    return { fileQuryNo: textField(info, 'file_qury_no', msgid), filename: textField(info, 'filename', msgid) };
  },
};
