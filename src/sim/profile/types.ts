/**
 * An answer profile: how the simulator's stored (canonical) answer is shaped
 * on the way out. The ledger stores one canonical answer per msgid, so a
 * replay under any profile answers the same booking the same way.
 *
 * @module
 */
import type { AnswerEnvelope } from '../envelope.js';

/**
 * The name of a simulator answer shape.
 *
 * Exported from `yibao-pos/sim`.
 */
export type ProfileName = 'extended' | 'national';

/**
 * The answer shapes the simulator can serve: `extended` (with err_code, tries_left) and `national` (exactly the real shape).
 *
 * Exported from `yibao-pos/sim`.
 * @example
 * ```ts
 * import { PROFILES } from 'yibao-pos/sim';
 * console.log(PROFILES.join(', '));
 * ```
 */
export const PROFILES: readonly ProfileName[] = ['extended', 'national'];

export interface AnswerProfile {
  readonly name: ProfileName;
  /** The answer as sent for a message of `infno` (undefined when the request was not readable). */
  shape(answer: AnswerEnvelope, infno: string | undefined): Record<string, unknown>;
}
