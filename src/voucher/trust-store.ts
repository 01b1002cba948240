/**
 * The terminal's trust list: the last good list on disk, verified again on
 * load, refreshed from a URL when one is configured (also at open when the
 * stored list has expired), never rolled back, and usable offline until its
 * `exp` (voucher.md section 3). The highest `seq` ever installed is kept
 * durably beside the list (`<file>.seq`): no source (an unreadable stored
 * file falling back to an older `initial`, a replayed download) can go below it. Uses node:fs, so it
 * is exported from the main entry, not from the browser-safe `yibao-pos/voucher`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import { systemClock, type Clock } from '../lib/clock.js';
import { readBoundedText } from '../lib/bounded-body.js';
import { optionalNumber, RANGES } from '../lib/numbers.js';
import { writeFileAtomic } from './atomic-file.js';
import { VoucherError } from './errors.js';
import { MAX_TRUST_LIST_BYTES, verifyTrustList } from './trust-list.js';
import type { TrustList } from './types.js';

/**
 * Options of `TrustStore.open`: the pinned root key, the file to keep the list in, a URL to refresh from, an initial list.
 *
 * Exported from `yibao-pos`.
 */
export interface TrustStoreOptions {
  /** The pinned root public key. */
  rootKey: JWK;
  /** Where the last good list is kept. Without it the store lives in memory. */
  file?: string;
  /** Where refresh() fetches a newer list. */
  url?: string;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Refresh timeout, default 10 s. */
  timeoutMs?: number;
  /** A list to install when the file holds none. */
  initial?: string;
  /** Told about every refresh failure (the good list stays). */
  onRefreshError?: (err: unknown) => void;
}

/**
 * What `TrustStore.refresh` did: updated, kept (not newer) or failed, with the reason.
 *
 * Exported from `yibao-pos`.
 */
export type RefreshResult = 'updated' | 'unchanged' | 'failed';

/** The highest `seq` installed from this file, 0 when none was recorded. */
async function readHighWater(file: string): Promise<number> {
  const text = await readFile(`${file}.seq`, 'utf8').catch(() => '');
  const n = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * The terminal's trust list: verified against the pinned root key, stored atomically, refreshed from a URL when one is given, never replaced by an older or broken list.
 *
 * Exported from `yibao-pos`.
 *
 * @example
 * ```ts
 * import { TrustStore } from 'yibao-pos';
 * const store = await TrustStore.open({ rootKey, file: '/var/lib/pos/trust.jws', url: 'https://nhsa.example/trust.jws' });
 * await store.refresh();
 * console.log(store.current().seq);
 * ```
 */
export class TrustStore {
  #list: TrustList | undefined;
  /** The tail of the install queue. */
  #installs: Promise<unknown> = Promise.resolve();
  #jws: string | undefined;
  /** The durable high-water mark of `seq`: nothing below it is ever installed. */
  #floor = 0;
  readonly #opts: TrustStoreOptions;
  readonly #clock: Clock;
  /** The last refresh failure, if the last refresh failed. */
  lastError: unknown;

  private constructor(opts: TrustStoreOptions) {
    optionalNumber('timeoutMs', opts.timeoutMs, RANGES.timeoutMs);
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
  }

  /**
   * Loads the stored list (verified again), else installs `initial`, else
   * fetches from `url`. A stored file or `initial` that fails verification is
   * passed over (kept in `lastError`) while another source gives a good list;
   * when none does, the last verification failure is thrown (else
   * TRUST_UNAVAILABLE).
   */
  static async open(opts: TrustStoreOptions): Promise<TrustStore> {
    const store = new TrustStore(opts);
    const stored = opts.file ? await readFile(opts.file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err))) : undefined;
    const floor = opts.file ? await readHighWater(opts.file) : 0;
    store.#floor = floor;
    if (stored !== undefined && stored.trim() !== '') {
      try {
        // An expired stored list still loads: current() then says TRUST_EXPIRED clearly.
        const list = await verifyTrustList(stored, opts.rootKey);
        if (list.seq < floor) throw new VoucherError('TRUST_ROLLBACK', { details: { highWater: floor, offered: list.seq } });
        store.#list = list;
        store.#jws = stored.trim();
        if (opts.file && list.seq > floor) {
          // A list stored before the mark existed: record it now.
          await writeFileAtomic(`${opts.file}.seq`, `${list.seq}\n`);
          store.#floor = list.seq;
        }
      } catch (err) {
        store.lastError = err;
      }
    }
    if (opts.initial !== undefined) {
      try {
        const initial = await verifyTrustList(opts.initial, opts.rootKey);
        if (!store.#list || initial.seq > store.#list.seq) await store.install(opts.initial);
      } catch (err) {
        store.lastError = err;
      }
    }
    // No list, or an expired one: fetch before the first voucher rather than refuse every one until the periodic refresh.
    const expired = store.#list !== undefined && Math.floor(store.#clock() / 1000) >= store.#list.exp;
    if ((!store.#list || expired) && opts.url) await store.refresh();
    if (!store.#list) {
      // The most telling reason: a bad stored or initial list says what was wrong with it.
      if (VoucherError.is(store.lastError)) throw store.lastError;
      throw new VoucherError('TRUST_UNAVAILABLE', store.lastError === undefined ? {} : { cause: store.lastError });
    }
    return store;
  }

  /** The list in force; throws TRUST_EXPIRED once past its `exp`. */
  current(): TrustList {
    const list = this.#list;
    if (!list) throw new VoucherError('TRUST_UNAVAILABLE');
    if (Math.floor(this.#clock() / 1000) >= list.exp) throw new VoucherError('TRUST_EXPIRED', { details: { exp: list.exp, seq: list.seq } });
    return list;
  }

  /** `seq` of the list in force (0 when none). */
  get seq(): number {
    return this.#list?.seq ?? 0;
  }

  /** The signed list in force, as stored. */
  get jws(): string | undefined {
    return this.#jws;
  }

  /**
   * Verifies `jws`, refuses rollback and expired lists, persists atomically,
   * then switches to it. Installs run one at a time, so two concurrent
   * installs can never leave an older list in force or on disk.
   */
  install(jws: string): Promise<TrustList> {
    const run = this.#installs.then(() => this.#installNow(jws));
    this.#installs = run.catch(() => undefined);
    return run;
  }

  async #installNow(jws: string): Promise<TrustList> {
    const list = await verifyTrustList(jws, this.#opts.rootKey, { clock: this.#clock });
    if (this.#list && list.seq <= this.#list.seq) throw new VoucherError('TRUST_ROLLBACK', { details: { stored: this.#list.seq, offered: list.seq } });
    if (list.seq < this.#floor) throw new VoucherError('TRUST_ROLLBACK', { details: { highWater: this.#floor, offered: list.seq } });
    if (this.#opts.file) {
      // The mark first: a crash between the two leaves a mark that the new list satisfies.
      await writeFileAtomic(`${this.#opts.file}.seq`, `${list.seq}\n`);
      this.#floor = list.seq;
      await writeFileAtomic(this.#opts.file, `${jws.trim()}\n`);
    }
    this.#list = list;
    this.#jws = jws.trim();
    return list;
  }

  /** Fetches the list from `url`; on any failure keeps the good list and returns 'failed'. */
  async refresh(): Promise<RefreshResult> {
    const { url } = this.#opts;
    if (!url) return 'unchanged';
    const doFetch = this.#opts.fetch ?? fetch;
    try {
      const res = await doFetch(url, { signal: AbortSignal.timeout(this.#opts.timeoutMs ?? 10_000), headers: { accept: 'application/jose' } });
      if (!res.ok) throw new VoucherError('TRUST_UNAVAILABLE', { details: { status: res.status } });
      // Read no further than the largest list accepted: an endless answer is cut off, not buffered.
      const text = (await readBoundedText(res, MAX_TRUST_LIST_BYTES)).trim();
      if (text === this.#jws) {
        this.lastError = undefined;
        return 'unchanged';
      }
      const offered = await verifyTrustList(text, this.#opts.rootKey, { clock: this.#clock });
      if (this.#list && offered.seq === this.#list.seq) {
        this.lastError = undefined;
        return 'unchanged';
      }
      await this.install(text);
      this.lastError = undefined;
      return 'updated';
    } catch (err) {
      this.lastError = VoucherError.is(err) ? err : new VoucherError('TRUST_UNAVAILABLE', { cause: err });
      this.#opts.onRefreshError?.(this.lastError);
      return 'failed';
    }
  }
}
