/**
 * Drug traceability (药品追溯码): the fields of 2101/2102, 3505 and its
 * durable outbox (re-exports only).
 *
 * @module
 */
export { TraceOutbox } from './outbox.js';
export type { TraceOutboxOptions, TraceOutboxEvents, TraceRunReport, SaleOutcome } from './outbox.js';
export { saleOutcome } from './sale-outcome.js';
export type { SaleUpload } from '../types.js';
export type { TraceUploadRow, TraceUploadState } from './store.js';
export { TraceError } from './errors.js';
export { TRACE_CODE, traceCodesOf, traceCounts } from '../trace-fields.js';
