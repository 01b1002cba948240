/**
 * The back office's building blocks that its benchmark drives directly
 * (database, queries, the push signature). Built into dist/ for the bench,
 * not a public entry point.
 *
 * @module
 */
export { openDatabase, type Sql, type DatabaseTarget } from './db.js';
export { migrate } from './schema.js';
export { groupTotals, dayEntries } from './queries.js';
export { signBody } from '../gateway/signature.js';
export { PUSH_PATH } from '../journal/push-format.js';
