/**
 * The chain's back office: receives the tills' pushes into PostgreSQL
 * (PGlite embedded by default), reconciles each pharmacy's day against the
 * gateway (3201 per group, 3202 detail) and serves the report page. Never
 * imported by the till library.
 *
 * @module
 */
export { startBackoffice, type Backoffice, type BackofficeOptions } from './server.js';
export { BackofficeError } from './errors.js';
export type { PharmacyDayReport, Explanation } from './reconcile.js';
