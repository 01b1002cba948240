/**
 * Refusals of the trace outbox itself (the gateway's refusals of an upload
 * are GatewayErrors, kept on the upload's row).
 *
 * @module
 */
import { defineErrors } from '../../lib/errors.js';

export const TraceError = defineErrors('TraceError', {
  TRACE_OUTBOX_CLOSED: {
    zh: '追溯码上传队列已关闭',
    en: 'The traceability upload outbox is closed',
  },
});
export type TraceError = InstanceType<typeof TraceError>;
