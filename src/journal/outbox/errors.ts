/**
 * Refusals of the outbox itself (a gateway's refusal of a row is kept on
 * the row as `lastError`, never thrown).
 *
 * @module
 */
import { defineErrors } from '../../lib/errors.js';

/**
 * Errors of the journal's outbox: `OUTBOX_ILLEGAL_TRANSITION` (a row asked to make a move its transition table forbids), `OUTBOX_KIND_UNKNOWN` (a row of a kind the journal was not given).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 * @example
 * ```ts
 * import { OutboxError } from 'yibao-pos/journal';
 * if (OutboxError.is(err) && err.code === 'OUTBOX_ILLEGAL_TRANSITION') console.error(err.details);
 * ```
 */
export const OutboxError = defineErrors('OutboxError', {
  OUTBOX_ILLEGAL_TRANSITION: {
    zh: '待发送队列状态异常，本条未处理，请联系技术人员',
    en: 'An outbox row was asked for a state change that is not allowed; nothing was done, call a technician',
  },
  OUTBOX_KIND_UNKNOWN: {
    zh: '待发送队列中有本程序不认识的记录类型，请升级收款程序',
    en: 'The outbox holds a row of a kind this terminal does not know; upgrade the terminal software',
  },
});
export type OutboxError = InstanceType<typeof OutboxError>;
