/**
 * PIN attempts (pure): three wrong in a row lock the credential until reset.
 *
 * @module
 */

export const PIN_MAX_TRIES = 3;

export interface PinState {
  fails: number;
  locked: boolean;
}

/** The state after one attempt, and the tries left when it was wrong. */
export function afterPinAttempt(state: PinState, correct: boolean): PinState & { triesLeft: number } {
  if (correct) return { fails: 0, locked: false, triesLeft: PIN_MAX_TRIES };
  const fails = state.fails + 1;
  return { fails, locked: fails >= PIN_MAX_TRIES, triesLeft: Math.max(0, PIN_MAX_TRIES - fails) };
}
