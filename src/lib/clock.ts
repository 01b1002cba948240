/**
 * Time and randomness are inputs: every module takes them as options so tests
 * pin them and nothing has to sleep.
 *
 * @module
 */
import { getRandomValues } from 'node:crypto';

/** Milliseconds since the Unix epoch. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Fills `n` random bytes. */
export type RandomSource = (n: number) => Uint8Array;

export const systemRandom: RandomSource = (n) => getRandomValues(new Uint8Array(n));

/** Whole seconds of a clock, as JWT claims count them. */
export const seconds = (clock: Clock): number => Math.floor(clock() / 1000);

/** A clock for tests that only moves when told to. */
export function manualClock(startMs: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = startMs;
  const clock = (() => now) as Clock & { set(ms: number): void; advance(ms: number): void };
  clock.set = (ms) => {
    now = ms;
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}
