/**
 * Refusals of the settlement journal. `JOURNAL_OUTCOME_UNKNOWN` carries
 * `outcome: 'unknown'` like a GatewayError, so callers that branch on the
 * outcome treat it the same: not paid, reversal pending or done.
 *
 * @module
 */
import { YibaoError, type Catalogue, type YibaoErrorOptions } from '../lib/errors.js';

/**
 * The codes a `JournalError` carries.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export type JournalErrorCode =
  | 'JOURNAL_LOCKED'
  | 'JOURNAL_OUTCOME_UNKNOWN'
  | 'JOURNAL_RECOVERY_REQUIRED'
  | 'JOURNAL_MSGID_USED'
  | 'JOURNAL_CLOSED'
  | 'JOURNAL_DATE_INVALID'
  | 'JOURNAL_CATALOG_INVALID'
  | 'JOURNAL_STORE_FAILED'
  | 'JOURNAL_CANCEL_PENDING'
  | 'JOURNAL_ILLEGAL_TRANSITION'
  | 'JOURNAL_TILL_INVALID'
  | 'JOURNAL_TILL_MISMATCH'
  | 'JOURNAL_ROW_CORRUPT';

export const JOURNAL_MESSAGES: Catalogue<JournalErrorCode> = {
  JOURNAL_LOCKED: {
    zh: '交易日志正被另一个收款程序使用，请关闭另一个程序后重试',
    en: 'The settlement journal is in use by another terminal process; close it and retry',
  },
  JOURNAL_OUTCOME_UNKNOWN: {
    zh: '医保平台未返回结果，本笔按未支付处理，系统正在自动冲正，请勿重复收费',
    en: 'No answer from the gateway: the sale counts as not paid and is being reversed; do not charge again',
  },
  JOURNAL_RECOVERY_REQUIRED: {
    zh: '有未完成的医保交易，请先完成恢复处理再收款',
    en: 'Unfinished settlements are in the journal; run recovery before taking a new sale',
  },
  JOURNAL_MSGID_USED: {
    zh: '报文编号已在交易日志中使用过，本笔未发送',
    en: 'This message id is already in the journal; nothing was sent',
  },
  JOURNAL_CLOSED: {
    zh: '交易日志已关闭',
    en: 'The settlement journal is closed',
  },
  JOURNAL_CATALOG_INVALID: {
    zh: '目录对照文件格式不正确（每行：本店编码,国家医保编码[,名称[,包装单位[,销售单位]]]）',
    en: 'The catalogue file is malformed (each line: own_code,national_code[,name[,pack_unit[,sale_unit]]])',
  },
  JOURNAL_DATE_INVALID: {
    zh: '对账日期格式应为 YYYY-MM-DD',
    en: 'The reconciliation date must be YYYY-MM-DD',
  },
  JOURNAL_CANCEL_PENDING: {
    zh: '这笔结算的上一次撤销仍在处理（结果未明，正在冲正），请勿重复撤销或退款，稍后再试',
    en: 'The first cancel of this settlement is still being settled (outcome unknown, being reversed); do not cancel or refund again, retry later',
  },
  JOURNAL_ILLEGAL_TRANSITION: {
    zh: '交易日志状态异常，本笔未处理，请联系技术人员',
    en: 'The journal was asked for a state change that is not allowed; nothing was done, call a technician',
  },
  JOURNAL_TILL_INVALID: {
    zh: '收款台编号或报文序号范围配置错误，无法保证报文编号唯一，请联系技术人员',
    en: 'The till number or msgid sequence range is invalid, so msgids cannot be kept unique; call a technician',
  },
  JOURNAL_ROW_CORRUPT: {
    zh: '交易日志中有一条记录已损坏（见报文号），已跳过，收款可继续；请技术人员用 journal list 查看并与医保平台核对',
    en: 'A journal row is damaged (see its msgid) and was passed over; sales go on; a technician checks it with journal list and against the gateway',
  },
  JOURNAL_TILL_MISMATCH: {
    zh: '该交易日志属于另一个收款台（报文序号范围不同），请使用本收款台的日志',
    en: 'This journal belongs to another till (a different msgid range); use this till’s own journal',
  },
  JOURNAL_STORE_FAILED: {
    zh: '交易日志无法写入磁盘，本笔未发送，请检查存储后重试',
    en: 'The settlement journal could not be written to disk; nothing was sent, check the storage and retry',
  },
};

/**
 * The journal's own refusals (`JOURNAL_LOCKED`, `JOURNAL_OUTCOME_UNKNOWN`, `JOURNAL_DATE_INVALID`…).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import { SettlementJournal, JournalError } from 'yibao-pos';
 * try {
 *   await SettlementJournal.open(file);
 * } catch (err) {
 *   if (err instanceof JournalError && err.code === 'JOURNAL_LOCKED') console.error('another process holds the journal');
 * }
 * ```
 */
export class JournalError extends YibaoError<JournalErrorCode> {
  /** Every code with its messages (the error-code index is made from these). */
  static readonly catalogue: Catalogue<JournalErrorCode> = JOURNAL_MESSAGES;
  /** `unknown` only for JOURNAL_OUTCOME_UNKNOWN; every other refusal means nothing was booked by it. */
  readonly outcome: 'refused' | 'unknown';

  constructor(code: JournalErrorCode, options: YibaoErrorOptions = {}) {
    super(code, JOURNAL_MESSAGES[code], options);
    this.name = 'JournalError';
    this.outcome = code === 'JOURNAL_OUTCOME_UNKNOWN' ? 'unknown' : 'refused';
  }
}
