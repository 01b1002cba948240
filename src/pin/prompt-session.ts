/**
 * One open PIN prompt: settles once, with a timeout (restartable on each key)
 * and an abort signal, and runs the device's cleanup before the caller sees
 * the outcome, on every path. Shared by the terminal and serial pads.
 *
 * @module
 */
import { PinError } from './errors.js';
import type { Timer } from '../lib/timer.js';

export interface PromptControl<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
  /** Restarts the timeout (a key was pressed). */
  touch(): void;
  readonly settled: boolean;
}

export interface PromptOptions<T> {
  signal?: AbortSignal | undefined;
  timer: Timer;
  timeoutMs: number;
  /** Opens the device side; returns its cleanup, run exactly once. */
  setup(control: PromptControl<T>): () => void;
}

export function runPrompt<T>(options: PromptOptions<T>): Promise<T> {
  const { signal, timer, timeoutMs } = options;
  if (signal?.aborted) return Promise.reject(new PinError('PIN_CANCELLED'));
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let handle: unknown;
    let cleanup: (() => void) | undefined;
    const finish = (apply: () => void) => {
      if (settled) return;
      settled = true;
      timer.clear(handle);
      signal?.removeEventListener('abort', onAbort);
      try {
        cleanup?.();
      } finally {
        apply();
      }
    };
    const onAbort = () => control.reject(new PinError('PIN_CANCELLED'));
    const control: PromptControl<T> = {
      resolve: (value) => finish(() => resolve(value)),
      reject: (error) => finish(() => reject(error)),
      touch: () => {
        if (settled) return;
        timer.clear(handle);
        handle = timer.set(() => control.reject(new PinError('PIN_TIMEOUT')), timeoutMs);
      },
      get settled() {
        return settled;
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    control.touch();
    try {
      const done = options.setup(control);
      if (settled) done();
      else cleanup = done;
    } catch (err) {
      control.reject(err);
    }
  });
}
