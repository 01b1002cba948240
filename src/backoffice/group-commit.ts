/**
 * Group commit: verified pushes wait in a short queue and are stored
 * together, one transaction (and one sync) for all that arrived while the
 * previous batch was being written. No timer: a push that finds the
 * database idle goes at once (after the I/O of the current turn, so
 * requests read together go together); under load, batches grow by
 * themselves. A push is answered only after the commit that holds it, so
 * a till that hears "ok" is right to forget it (at-least-once holds).
 *
 * @module
 */
import type { PushAnswer, PushBody } from '../journal/push-format.js';
import type { PushResult } from './ingest.js';

export interface GroupCommitOptions {
  /** Stores a batch; one result per push, in order. Throwing fails the whole batch. */
  store(pushes: readonly PushBody[]): Promise<PushResult[]>;
  /** Batches written at once (a server's pool writes several; an embedded database one). */
  concurrency: number;
  /** Entries and uploads per batch (a batch holds at least one push whatever its size). */
  maxItems: number;
}

interface Waiting {
  push: PushBody;
  resolve(answer: PushAnswer): void;
  reject(err: unknown): void;
}

const items = (p: PushBody) => p.entries.length + p.uploads.length;

export class GroupCommit {
  readonly #queue: Waiting[] = [];
  #writing = 0;
  #scheduled = false;

  constructor(private readonly o: GroupCommitOptions) {}

  /** Resolves with the push's answer once its batch committed; rejects with its refusal or the batch's failure. */
  submit(push: PushBody): Promise<PushAnswer> {
    return new Promise<PushAnswer>((resolve, reject) => {
      this.#queue.push({ push, resolve, reject });
      this.#schedule();
    });
  }

  /** Pushes queued and not yet being written. */
  get queued(): number {
    return this.#queue.length;
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing >= this.o.concurrency) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#writing < this.o.concurrency && this.#queue.length > 0) {
      let n = 0;
      let size = 0;
      while (n < this.#queue.length && (n === 0 || size + items(this.#queue[n]!.push) <= this.o.maxItems)) size += items(this.#queue[n++]!.push);
      const batch = this.#queue.splice(0, n);
      this.#writing++;
      this.o
        .store(batch.map((w) => w.push))
        .then(
          (results) => batch.forEach((w, i) => (results[i] instanceof Error ? w.reject(results[i]) : w.resolve(results[i] as PushAnswer))),
          (err: unknown) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          this.#writing--;
          this.#schedule();
        });
    }
  }
}
