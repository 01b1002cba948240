/**
 * A till's pushes to its chain's back office: at-least-once, in batches,
 * each signed with the till's key and carrying a fresh nonce; a failed push
 * is retried with jittered backoff (RetryLoop), on its own timer, so a sale
 * never waits for the back office. Which entries are already pushed is kept
 * in a small file beside the journal (`pushed.json`), written atomically
 * after the back office acknowledged them: a crash between the answer and
 * the write only pushes them again, and the back office is idempotent on
 * (pharmacy, till, msgid). A till offline for a day catches up batch by batch.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import type { JournalEntry } from './entry.js';
import { signBody } from '../gateway/signature.js';
import { backoffDelay, RetryLoop, type Backoff } from '../lib/retry.js';
import type { Timer } from '../lib/timer.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { writeFileAtomic } from '../voucher/atomic-file.js';
import { PUSH_MAX_ITEMS, PUSH_PATH, PUSH_VERSION, type PushAnswer, type PushBody } from './push-format.js';
import { isPushable, pushStatus, toPushEntry } from './push-entries.js';

/**
 * Where a till's pushes go: the back office's URL.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import type { BackofficeOptions } from 'yibao-pos';
 * const backoffice: BackofficeOptions = { url: 'http://127.0.0.1:8090' };
 * ```
 */
export interface BackofficeOptions {
  url: string;
  /** Per-push timeout, default 10 s. */
  timeoutMs?: number;
}

/**
 * What a `TillPusher` needs: the back office, the till and its key, the journal's entries, the file remembering what was pushed.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import type { PusherOptions } from 'yibao-pos';
 * const o: PusherOptions = { backoffice: { url }, pharmacy: 'P42010000001', till: 1, key, entries: () => journal.list(), stateFile: 'pushed.json' };
 * ```
 */
export interface PusherOptions {
  backoffice: BackofficeOptions;
  pharmacy: string;
  till: number;
  /** The till's private signing key (with its kid). */
  key: JWK;
  /** The journal's entries as they are now. */
  entries: () => JournalEntry[] | Promise<JournalEntry[]>;
  /** The file that remembers what was pushed. */
  stateFile: string;
  clock?: Clock;
  random?: () => number;
  timer?: Timer;
  backoff?: Backoff;
}

/**
 * What one round of pushing did: rows new to the back office, rows it already had, entries left, the failure if any.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import type { PushReport } from 'yibao-pos';
 * const done = (r: PushReport) => r.remaining === 0 && r.error === undefined;
 * ```
 */
export interface PushReport {
  pushed: number;
  duplicates: number;
  remaining: number;
  error?: string;
}

/**
 * A till's pushes to the back office: at least once, signed, in batches, retried with jittered backoff on its own timer.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import { TillPusher } from 'yibao-pos';
 * const pusher = new TillPusher({ backoffice: { url }, pharmacy: 'P42010000001', till: 1, key, entries: () => journal.list(), stateFile: 'pushed.json' });
 * const report = await pusher.pushAll();
 * ```
 */
export class TillPusher {
  readonly #o: PusherOptions;
  readonly #clock: Clock;
  #pushed: Set<string> | undefined;
  #failures = 0;
  #due = 0;
  readonly #loop: RetryLoop;

  constructor(options: PusherOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#loop = new RetryLoop({
      nextDue: () => this.#due,
      runDue: () => this.pushAll(),
      clock: this.#clock,
      ...(options.timer ? { timer: options.timer } : {}),
    });
  }

  async #load(): Promise<Set<string>> {
    if (this.#pushed) return this.#pushed;
    try {
      this.#pushed = new Set(JSON.parse(await readFile(this.#o.stateFile, 'utf8')) as string[]);
    } catch {
      this.#pushed = new Set();
    }
    return this.#pushed;
  }

  /** Entries not yet acknowledged by the back office. */
  async unpushed(): Promise<JournalEntry[]> {
    const pushed = await this.#load();
    return (await this.#o.entries()).filter((e) => isPushable(e) && !pushed.has(e.msgid));
  }

  async #send(body: PushBody): Promise<PushAnswer> {
    const bytes = Buffer.from(JSON.stringify(body));
    const signature = await signBody(bytes, this.#o.key);
    const r = await fetch(new URL(PUSH_PATH, this.#o.backoffice.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yb-signature': signature },
      body: bytes,
      signal: AbortSignal.timeout(this.#o.backoffice.timeoutMs ?? 10_000),
    });
    const answer = (await r.json().catch(() => ({}))) as Partial<PushAnswer> & { code?: string };
    if (r.status !== 200) throw new Error(answer.code ?? `HTTP ${r.status}`);
    return { accepted: answer.accepted ?? 0, duplicates: answer.duplicates ?? 0 };
  }

  /** Pushes every unpushed entry, batch by batch; stops at the first failure (retried later). */
  async pushAll(): Promise<PushReport> {
    const all = await this.#o.entries();
    const pushed = await this.#load();
    let todo = all.filter((e) => isPushable(e) && !pushed.has(e.msgid));
    const report: PushReport = { pushed: 0, duplicates: 0, remaining: todo.length };
    // Always one push, even with nothing new: the status (pending reversals) is news too.
    do {
      const batch = todo.slice(0, PUSH_MAX_ITEMS);
      const rest = todo.length - batch.length;
      const body: PushBody = {
        v: PUSH_VERSION,
        pharmacy: this.#o.pharmacy,
        till: this.#o.till,
        nonce: randomUUID(),
        sentAt: this.#clock(),
        entries: batch.map(toPushEntry),
        uploads: [],
        status: pushStatus(all, rest, 0),
      };
      try {
        const a = await this.#send(body);
        for (const e of batch) pushed.add(e.msgid);
        await writeFileAtomic(this.#o.stateFile, JSON.stringify([...pushed]));
        report.pushed += a.accepted;
        report.duplicates += a.duplicates;
        report.remaining = rest;
        todo = todo.slice(batch.length);
        this.#failures = 0;
      } catch (err) {
        this.#failures += 1;
        this.#due = this.#clock() + backoffDelay(this.#failures, this.#o.backoff ?? { baseMs: 2000, maxMs: 300_000, jitter: 0.5 }, this.#o.random);
        report.error = (err as Error).message.slice(0, 200);
        return report;
      }
    } while (todo.length > 0);
    this.#due = this.#clock() + 60_000;
    return report;
  }

  /** Pushes in the background from now on (a first push right away). */
  start(): void {
    this.#due = this.#clock();
    this.#loop.start();
  }

  /** Something new reached a final state: push soon (unless backing off). */
  poke(): void {
    if (this.#failures === 0) this.#due = this.#clock();
    this.#loop.poke();
  }

  stop(): void {
    this.#loop.stop();
  }

  idle(): Promise<void> {
    return this.#loop.idle();
  }
}
