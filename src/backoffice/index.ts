/**
 * The chain's back office: receives the tills' pushes into PostgreSQL
 * (PGlite embedded by default), reconciles each pharmacy's day against the
 * gateway (3201 per group, 3202 detail) and serves the report page. Never
 * imported by the till library.
 *
 * @module
 */
export { startBackoffice, type Backoffice, type BackofficeOptions } from './server.js';
export { openDatabase, type Sql, type DatabaseTarget } from './db.js';
export { migrate } from './schema.js';
export { BackofficeError } from './errors.js';
export type { PharmacyDayReport, Explanation } from './reconcile.js';
export { groupTotals, dayEntries } from './queries.js';
export { signBody } from '../gateway/signature.js';
export { PUSH_PATH } from '../journal/push-format.js';
