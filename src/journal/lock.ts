/**
 * One journal, one process: an OS lock, not a pid file. `<journal>.lck` is
 * a small SQLite file held with `locking_mode = EXCLUSIVE` (an fcntl lock
 * taken atomically by the kernel and dropped by it when the process dies),
 * so two processes can never both take it, a killed terminal never leaves it
 * taken, and no pid in a file (PID 1 again after a container restart) can
 * lock a terminal out. `<journal>.lck-owner` names the holder's pid for the
 * JOURNAL_LOCKED message only; it decides nothing.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openDatabase, type Database } from '../lib/sqlite.js';
import { JournalError } from './errors.js';

export interface JournalLock {
  readonly file: string;
  release(): void;
}

const isBusy = (err: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown })?.code ?? ''));

function owner(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(`${file}-owner`, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export async function acquireLock(journalFile: string): Promise<JournalLock> {
  const file = `${journalFile}.lck`;
  let db: Database | undefined;
  try {
    db = await openDatabase(file, { busyTimeoutMs: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this mode it is held until the connection closes.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at INTEGER); DELETE FROM held; INSERT INTO held VALUES (unixepoch()); COMMIT;');
  } catch (err) {
    try {
      if (db?.inTransaction) db.exec('ROLLBACK');
    } catch {
      /* closing below drops it anyway */
    }
    db?.close();
    if (isBusy(err)) throw new JournalError('JOURNAL_LOCKED', { details: { pid: owner(file), lock: file } });
    if (err instanceof JournalError || (err as { code?: string }).code === 'NATIVE_MODULE_MISSING') throw err;
    throw new JournalError('JOURNAL_STORE_FAILED', { cause: err, details: { lock: file } });
  }
  try {
    writeFileSync(`${file}-owner`, `${process.pid}\n`, { mode: 0o600 });
  } catch {
    /* informational only */
  }
  let released = false;
  const held = db;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      held.close();
    },
  };
}
