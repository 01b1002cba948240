/**
 * Opens a SQLite file the way money data must be kept: WAL, and
 * `synchronous = FULL` so a committed row survives power loss (a cache may
 * lose its tail; a journal may not).
 *
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { loadNative } from './native.js';

export type Database = BetterSqlite3.Database;

/** `busyTimeoutMs`: how long to wait for another connection's lock (default 5000; a lock file uses 0). */
export async function openDatabase(file: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Promise<Database> {
  const Driver = await loadNative<typeof BetterSqlite3>(
    'better-sqlite3',
    'npm rebuild better-sqlite3 (needs python3, make and g++ when no prebuilt binary fits)',
  );
  const timeout = options.busyTimeoutMs ?? 5000;
  const db = new Driver(file, { readonly: options.readonly ?? false, timeout });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma(`busy_timeout = ${timeout}`);
  return db;
}

/**
 * Applies `steps[i]` for every schema version above the stored
 * `user_version`, each in its own transaction.
 */
export function migrate(db: Database, steps: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < steps.length; v++) {
    db.transaction(() => {
      db.exec(steps[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
