/**
 * The injectable timer of background retry workers: schedules `fn` after
 * `ms` and returns its cancel. The default is an unref'd `setTimeout`, so a
 * pending retry never keeps the process alive. Tests inject their own.
 *
 * @module
 */

export type Timer = (ms: number, fn: () => void) => () => void;

export const unrefTimer: Timer = (ms, fn) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};
