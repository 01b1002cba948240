/**
 * The one timer type: everything that waits (the framer's inter-byte
 * timeout, reopening a scanner, the hot-plug watcher, the PIN prompt's
 * timeout, the outbox and push workers) takes a `Timer`, so a test drives
 * all of them by hand instead of sleeping.
 *
 * @module
 */

/**
 * A one-shot timer, injected so tests drive timeouts and retries without waiting: `set` schedules `fn` after `ms` and returns a handle, `clear` cancels it.
 *
 * Exported from `yibao-pos`, `yibao-pos/scanner`, `yibao-pos/pin` and `yibao-pos/journal`.
 */
export interface Timer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The real timer; keeps the process alive while it waits (a PIN prompt). */
export const systemTimer: Timer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The real timer for background waits (framing, reopening, retries): never keeps the process alive on its own. */
export const unrefTimer: Timer = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
