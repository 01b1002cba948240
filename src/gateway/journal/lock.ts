/**
 * One journal, one process: `<journal>.lock` holds the owner's pid, created
 * exclusively. A lock whose pid no longer runs (the terminal was killed) is
 * stale and taken over; a live one is refused with `JOURNAL_LOCKED`.
 *
 * @module
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { JournalError } from './errors.js';

export interface JournalLock {
  readonly file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function acquireLock(journalFile: string): JournalLock {
  const file = `${journalFile}.lock`;
  for (let tries = 0; tries < 5; tries++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readPid(file) === process.pid) {
            try {
              unlinkSync(file);
            } catch {
              /* already gone */
            }
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new JournalError('JOURNAL_STORE_FAILED', { cause: err, details: { lock: file } });
      }
      const pid = readPid(file);
      // A lock being written this instant has no pid yet: look again.
      if (pid === undefined && tries < 4) continue;
      if (pid !== undefined && alive(pid)) {
        throw new JournalError('JOURNAL_LOCKED', { details: { pid, lock: file } });
      }
      try {
        unlinkSync(file);
      } catch {
        /* another process took it over first; retry */
      }
    }
  }
  throw new JournalError('JOURNAL_LOCKED', { details: { pid: readPid(file) ?? null, lock: file } });
}
