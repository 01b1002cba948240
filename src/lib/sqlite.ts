/**
 * Opens a SQLite file the way money data must be kept: WAL, and
 * `synchronous = FULL` so a committed row survives power loss (a cache may
 * lose its tail; a journal may not).
 *
 * @module
 */
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { defineErrors } from './errors.js';
import { loadNative } from './native.js';
import { ensurePrivateDirOf, makePrivateFile } from './private-files.js';

export type Database = BetterSqlite3.Database;

/**
 * A SQLite file of the terminal (journal, outbox, replay guard, ledger) that
 * fails its integrity check at open: `DATA_FILE_CORRUPT`, `details.path`
 * naming the file and `details.fix` what to do. Nothing is read from it.
 *
 * Exported from `yibao-pos`.
 *
 * @example
 * ```ts
 * import { DataFileError, createTerminal } from 'yibao-pos';
 * try {
 *   await createTerminal(config);
 * } catch (err) {
 *   if (DataFileError.is(err) && err.code === 'DATA_FILE_CORRUPT') console.error(err.details.path, err.details.fix);
 * }
 * ```
 */
export const DataFileError = defineErrors('DataFileError', {
  DATA_FILE_CORRUPT: {
    zh: '终端数据文件已损坏，未读取任何内容；请停止收款，将该文件移走保存，从备份恢复，并联系技术人员与医保平台对账',
    en: 'A terminal data file is damaged and nothing was read from it; stop taking sales, move the file aside (keep it), restore it from a backup, and have a technician reconcile with the gateway',
  },
});
/** An instance of {@link DataFileError}. Exported from `yibao-pos`. */
export type DataFileError = InstanceType<typeof DataFileError>;

const FIX = 'stop the terminal, move the file (and its -wal/-shm) aside and keep it, restore the last backup or start an empty one, then run `yibao-pos journal reconcile` for the days it covered';
const isCorruption = (err: unknown): boolean => /^SQLITE_(CORRUPT|NOTADB)/.test(String((err as { code?: unknown })?.code ?? ''));

/**
 * Opens a SQLite file: created 0600 (its WAL and SHM take that mode too),
 * WAL and synchronous FULL unless read-only, and checked with
 * `PRAGMA quick_check` before anything is read (DATA_FILE_CORRUPT otherwise).
 * `busyTimeoutMs`: how long to wait for another connection's lock (default 5000; a lock file uses 0).
 * `pageSize`: the page size of a file made now (a file that exists keeps its own).
 */
export async function openDatabase(file: string, options: { readonly?: boolean; busyTimeoutMs?: number; pageSize?: number } = {}): Promise<Database> {
  const Driver = await loadNative<typeof BetterSqlite3>(
    'better-sqlite3',
    'npm rebuild better-sqlite3 (needs python3, make and g++ when no prebuilt binary fits)',
  );
  const timeout = options.busyTimeoutMs ?? 5000;
  const onDisk = file !== '' && file !== ':memory:' && !file.startsWith('file:');
  if (onDisk && !options.readonly) {
    ensurePrivateDirOf(file);
    makePrivateFile(file, { sqliteCompanions: true });
  }
  let db: Database | undefined;
  try {
    db = new Driver(file, { readonly: options.readonly ?? false, timeout });
    if (!options.readonly) {
      // Only while the file has no page yet (SQLite ignores it after); WAL mode writes the first.
      if (options.pageSize !== undefined) db.pragma(`page_size = ${options.pageSize}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma(`busy_timeout = ${timeout}`);
    if (onDisk) {
      const problems = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length > 0) throw new DataFileError('DATA_FILE_CORRUPT', { details: { path: file, reason: problems.slice(0, 3).join('; '), fix: FIX } });
    }
    return db;
  } catch (err) {
    db?.close();
    if (isCorruption(err)) throw new DataFileError('DATA_FILE_CORRUPT', { cause: err, details: { path: file, reason: String((err as Error).message), fix: FIX } });
    throw err;
  }
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

/** Makes every commit written so far durable. */
export interface WalSync {
  sync(): void;
  close(): void;
}

/**
 * Syncs a WAL-mode file's log by hand, for a connection that commits with
 * `synchronous = NORMAL` (a commit is written to the `-wal` file, not
 * synced) and wants some commits durable before it goes on. An fdatasync of
 * the `-wal` file after such a commit is what `synchronous = FULL` does at
 * its end, without switching the connection to FULL and back around it
 * (two pragmas SQLite parses again each time, 35-40 µs of a sale here).
 *
 * The log is opened once, at the first sync, and kept for the connection's
 * life. SQLite never locks the `-wal` file, so this descriptor's close
 * releases none of its locks. While the connection is open the log cannot be
 * replaced: SQLite removes it only when the last connection closes (that
 * close needs an exclusive lock, and an open WAL connection holds a shared
 * one) or when the journal mode leaves WAL, which nothing here does. So no
 * per-sync check of the file (an fstat cost 25-30 µs a sale); a sync after
 * the connection closed is refused, never sent to a log another connection
 * may have made anew.
 * Undefined for a database with no `-wal` file (in memory): nothing to sync.
 */
export function walSync(db: Database): WalSync | undefined {
  if (db.memory || db.name === '' || db.name.startsWith('file:')) return undefined;
  const path = `${resolve(db.name)}-wal`;
  let fd: number | undefined;
  return {
    sync() {
      if (!db.open) throw new TypeError(`walSync: the connection to ${db.name} is closed`);
      fd ??= openSync(path, 'r+');
      fdatasyncSync(fd);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
