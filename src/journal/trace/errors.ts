/**
 * Refusals of the trace outbox itself (the gateway's refusals of an upload
 * are GatewayErrors, kept on the upload's row).
 *
 * @module
 */
import { defineErrors } from '../../lib/errors.js';

/**
 * Errors of the traceability upload outbox (`TRACE_OUTBOX_CLOSED`).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 * @example
 * ```ts
 * import { TraceError } from 'yibao-pos';
 * if (TraceError.is(err)) console.error(err.code);
 * ```
 */
export const TraceError = defineErrors('TraceError', {
  TRACE_OUTBOX_CLOSED: {
    zh: '追溯码上传队列已关闭',
    en: 'The traceability upload outbox is closed',
  },
});
export type TraceError = InstanceType<typeof TraceError>;
