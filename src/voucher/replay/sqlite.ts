/**
 * A durable replay guard (voucher.md section 2, step 8): one SQLite table,
 * WAL + synchronous=FULL, so a restarted terminal still refuses a used code.
 * Check-and-record is one statement (an upsert that touches a code only when
 * it is past its window), so two scanners (or two processes) racing with the
 * same code accept it once.
 *
 * @module
 */
import { openDatabase, type Database } from '../../lib/sqlite.js';
import type { ReplayGuard } from '../types.js';

/** How often codes past their window are deleted (seconds of the caller's clock). */
const PRUNE_EVERY_SEC = 60;

// IF NOT EXISTS rather than versioned migrations: several processes may open a new file at once.
// No index on forget_after: every record would write it, and the prune, once a minute over a day's codes, scans.
export const REPLAY_SCHEMA = 'CREATE TABLE IF NOT EXISTS seen (jti TEXT PRIMARY KEY, forget_after INTEGER NOT NULL) WITHOUT ROWID; DROP INDEX IF EXISTS seen_forget;';

/**
 * The durable replay guard (SQLite): a used voucher code stays refused across restarts until it expires. Loads better-sqlite3 only when opened.
 *
 * Exported from `yibao-pos`.
 *
 * @example
 * ```ts
 * import { SqliteReplayGuard, verifyVoucher } from 'yibao-pos';
 * const replayGuard = await SqliteReplayGuard.open('/var/lib/pos/replay.db');
 * await verifyVoucher(qrText, { trust, replayGuard });
 * await replayGuard.close();
 * ```
 */
export class SqliteReplayGuard implements ReplayGuard {
  readonly #db: Database;
  readonly #check: (jti: string, forgetAfter: number, now: number) => boolean;

  private constructor(db: Database) {
    this.#db = db;
    const prune = db.prepare('DELETE FROM seen WHERE forget_after < ?');
    // One statement, its own commit: a code unseen, or seen but past its window, is (re)recorded
    // and accepted; one still in its window is not touched. Atomic across connections.
    const record = db.prepare(
      'INSERT INTO seen (jti, forget_after) VALUES (?, ?) ON CONFLICT (jti) DO UPDATE SET forget_after = excluded.forget_after WHERE seen.forget_after < ?',
    );
    let prunedAt = Number.NEGATIVE_INFINITY;
    this.#check = (jti, forgetAfter, now) => {
      // Forgotten codes are deleted now and then, not on every scan: the window decides, not the delete.
      if (now < prunedAt || now >= prunedAt + PRUNE_EVERY_SEC) {
        prune.run(now);
        prunedAt = now;
      }
      return record.run(jti, forgetAfter, now).changes === 1;
    };
  }

  /**
   * A guard over a database that is already open (its `seen` table must
   * exist, see REPLAY_SCHEMA): the settlement journal keeps the used codes
   * in its own file, so a code and the sale that uses it share one synced commit.
   * Internal: its parameter is better-sqlite3's type, which consumers need not install.
   *
   * @internal
   */
  static attach(db: Database): SqliteReplayGuard {
    return new SqliteReplayGuard(db);
  }

  /** Opens (or creates) the guard's database; better-sqlite3 is loaded here, lazily. */
  static async open(file: string): Promise<SqliteReplayGuard> {
    const db = await openDatabase(file);
    db.exec(REPLAY_SCHEMA);
    return new SqliteReplayGuard(db);
  }

  checkAndRecord(jti: string, forgetAfterSec: number, nowSec: number): boolean {
    return this.#check(jti, forgetAfterSec, nowSec);
  }

  /** How many jtis are remembered. */
  get size(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM seen').get() as { n: number }).n;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
