/**
 * Files at rest are the owner's alone: journals, outboxes, replay guards,
 * ledgers, keys, their WAL/SHM and lock files hold names, psn_no, amounts and
 * keys. Files are made 0600 and folders 0700 whatever the process umask, and
 * a file already there is narrowed to 0600 (a chmod only its owner may do:
 * a file of another user is refused rather than shared).
 *
 * @module
 */
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Makes `dir` (and any missing parent) with mode 0700. Folders that already
 * exist are left as they are: they may be the operator's own (`/var/lib/pos`).
 */
export function ensurePrivateDir(dir: string): void {
  const target = resolve(dir);
  const first = mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return;
  // mkdir's mode passes through the umask: set it on every folder made here.
  let at = resolve(first);
  chmodSync(at, PRIVATE_DIR_MODE);
  for (const part of relative(at, target).split(sep).filter(Boolean)) {
    at = resolve(at, part);
    chmodSync(at, PRIVATE_DIR_MODE);
  }
}

/**
 * Creates `file` empty with mode 0600 when missing, or narrows it to 0600
 * when present, and does the same for SQLite's companions (`-wal`, `-shm`,
 * `-journal`) that already exist; SQLite gives the ones it makes later the
 * database file's own mode.
 */
export function makePrivateFile(file: string, options: { sqliteCompanions?: boolean } = {}): void {
  const fd = openSync(file, 'a', PRIVATE_FILE_MODE);
  try {
    const st = fstatSync(fd);
    if ((st.mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
  if (!options.sqliteCompanions) return;
  for (const suffix of ['-wal', '-shm', '-journal']) {
    const companion = `${file}${suffix}`;
    if (existsSync(companion) && (statSync(companion).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(companion, PRIVATE_FILE_MODE);
  }
}

/** The folder a file lives in, made private when missing. */
export function ensurePrivateDirOf(file: string): void {
  ensurePrivateDir(dirname(file));
}
