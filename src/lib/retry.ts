/**
 * Retrying something until it succeeds, without a fleet retrying in step:
 * capped exponential backoff with jitter (pure), and a small loop that
 * sleeps until the earliest due time, runs the due work, and schedules
 * itself again. Used by the journal's reversal worker; any outbox can reuse it.
 *
 * @module
 */
import { unrefTimer, type Timer } from './timer.js';

/**
 * How a retry waits: `baseMs` doubling per failure up to `maxMs`, less a random share (`jitter`).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
  /**
   * Fraction of each wait drawn at random, 0..1 (default 0): the wait is
   * `d * (1 - jitter * r)` for r in [0, 1), so terminals that failed together
   * (after an outage) do not all retry in the same instant.
   */
  jitter?: number;
}

/**
 * The default retry backoff: 1 s doubling up to 60 s, half of each wait drawn at random.
 */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 60_000, jitter: 0.5 };

/**
 * The wait after the n-th failed attempt: `baseMs * 2^(n-1)`, at most `maxMs`, less the jitter.
 *
 * @param failedAttempts Attempts that failed so far (0 means no wait).
 * @param b Base, cap and jitter (default `DEFAULT_BACKOFF`).
 * @param random Random numbers in [0, 1) for the jitter (default `Math.random`).
 */
export function backoffDelay(failedAttempts: number, b: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  if (failedAttempts <= 0) return 0;
  // 2^30 already exceeds any sane cap; clamp the exponent so the number stays finite.
  const exp = Math.min(failedAttempts - 1, 30);
  const d = Math.min(b.maxMs, b.baseMs * 2 ** exp);
  const jitter = Math.min(Math.max(b.jitter ?? 0, 0), 1);
  if (jitter === 0) return d;
  return Math.round(d * (1 - jitter * Math.min(Math.max(random(), 0), 0.999_999)));
}

export interface RetryLoopOptions {
  /** The earliest time (ms) some work is due, or undefined when nothing waits. */
  nextDue(): number | undefined;
  /** Runs the work that is due now; failures are the work's own business. */
  runDue(): Promise<unknown>;
  clock: () => number;
  timer?: Timer;
  /** Told when `runDue` itself throws. */
  onError?(err: unknown): void;
}

/** Sleeps until the next due time, runs the due work, repeats; one run at a time. */
export class RetryLoop {
  readonly #o: RetryLoopOptions;
  readonly #timer: Timer;
  #cancel: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(options: RetryLoopOptions) {
    this.#o = options;
    this.#timer = options.timer ?? unrefTimer;
  }

  start(): void {
    this.#stopped = false;
    this.poke();
  }

  /** Re-reads the next due time (call after adding or finishing work). */
  poke(): void {
    if (this.#stopped || this.#running) return;
    this.#cancel?.();
    this.#cancel = undefined;
    const next = this.#o.nextDue();
    if (next === undefined) return;
    const handle = this.#timer.set(() => {
      if (this.#stopped) return;
      this.#running = this.#o
        .runDue()
        .then(() => undefined, (err: unknown) => this.#o.onError?.(err))
        .finally(() => {
          this.#running = undefined;
          this.poke();
        });
    }, Math.max(0, next - this.#o.clock()));
    this.#cancel = () => this.#timer.clear(handle);
  }

  /** Stops scheduling; a run in progress finishes on its own. */
  stop(): void {
    this.#stopped = true;
    this.#cancel?.();
    this.#cancel = undefined;
  }

  /** Resolves when the run in progress (if any) has finished. */
  async idle(): Promise<void> {
    await this.#running;
  }
}
