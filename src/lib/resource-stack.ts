/**
 * A stack of closers, shaped after TC39's `AsyncDisposableStack` (explicit
 * resource management; Node 20 has no native one): each step of a setup that
 * opens or starts something pushes the way to undo it, a failure unwinds what
 * was pushed in reverse, and closing is the same unwind. Only what the setup
 * itself opened is pushed: a part handed in by the caller stays the caller's
 * (undici's Agent closes the pools it made, never the dispatcher it was given).
 *
 * Private (src/lib): not exported from any entry.
 *
 * @module
 */

type Closer = () => unknown;

export class ResourceStack {
  #closers: Closer[] = [];
  #disposed = false;

  /** True once `disposeAsync` has run (or the stack was moved away). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Pushes `onDispose`, run (once) when the stack unwinds. */
  defer(onDispose: Closer): void {
    if (this.#disposed) throw new ReferenceError('ResourceStack: already disposed');
    this.#closers.push(onDispose);
  }

  /** Pushes the closer of `value` and returns it: `const db = stack.adopt(await open(), (d) => d.close())`. */
  adopt<T>(value: T, onDispose: (value: T) => unknown): T {
    this.defer(() => onDispose(value));
    return value;
  }

  /** Hands every closer to a new stack and leaves this one disposed (ownership passes on). */
  move(): ResourceStack {
    if (this.#disposed) throw new ReferenceError('ResourceStack: already disposed');
    const next = new ResourceStack();
    next.#closers = this.#closers;
    this.#closers = [];
    this.#disposed = true;
    return next;
  }

  /**
   * Runs every closer, last pushed first, each awaited before the next; a
   * closer that throws does not stop the others. Throws the first failure
   * once all have run (an `AggregateError` when several failed). Idempotent.
   */
  async disposeAsync(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const errors: unknown[] = [];
    for (let c = this.#closers.pop(); c; c = this.#closers.pop()) {
      try {
        await c();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'ResourceStack: several closers failed');
  }
}
