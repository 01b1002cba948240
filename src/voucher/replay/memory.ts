/**
 * An in-memory replay guard: for tests, kiosks that accept losing the
 * record on restart, and browsers. Settlement terminals use SqliteReplayGuard.
 *
 * @module
 */
import type { ReplayGuard } from '../types.js';

/**
 * A replay guard in memory, for browsers and tests: a code used once is refused until it expires. It forgets on restart; terminals use `SqliteReplayGuard`.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @example
 * ```ts
 * import { MemoryReplayGuard, verifyVoucher } from 'yibao-pos/voucher';
 * const replayGuard = new MemoryReplayGuard();
 * await verifyVoucher(qrText, { trust, replayGuard }); // a second call refuses VOUCHER_REPLAYED
 * ```
 */
export class MemoryReplayGuard implements ReplayGuard {
  readonly #seen = new Map<string, number>();
  #prunedAt = -Infinity;

  checkAndRecord(jti: string, forgetAfterSec: number, nowSec: number): boolean {
    if (nowSec !== this.#prunedAt) {
      this.#prunedAt = nowSec;
      for (const [k, until] of this.#seen) if (until < nowSec) this.#seen.delete(k);
    }
    const until = this.#seen.get(jti);
    if (until !== undefined && until >= nowSec) return false;
    this.#seen.set(jti, forgetAfterSec);
    return true;
  }

  /** How many jtis are remembered. */
  get size(): number {
    return this.#seen.size;
  }
}
