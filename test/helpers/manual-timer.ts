/** A `Timer` the test fires by hand: every `set` is kept with its delay; `clear` marks it dead. */
import type { Timer } from '../../src/lib/timer.js';

export interface ManualTimer {
  timer: Timer;
  /** Everything ever set, in order. */
  scheduled: Array<{ ms: number; fn: () => void; live: boolean }>;
  /** What is still set (neither cleared nor fired by the code). */
  live(): Array<{ ms: number; fn: () => void; live: boolean }>;
}

export function manualTimer(): ManualTimer {
  const scheduled: ManualTimer['scheduled'] = [];
  const timer: Timer = {
    set: (fn, ms) => {
      const t = { ms, fn, live: true };
      scheduled.push(t);
      return t;
    },
    clear: (t) => {
      (t as { live: boolean }).live = false;
    },
  };
  return { timer, scheduled, live: () => scheduled.filter((t) => t.live) };
}
