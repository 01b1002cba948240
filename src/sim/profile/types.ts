/**
 * An answer profile: how the simulator's stored (canonical) answer is shaped
 * on the way out. The ledger stores one canonical answer per msgid, so a
 * replay under any profile answers the same booking the same way.
 *
 * @module
 */
import type { AnswerEnvelope } from '../envelope.js';

export type ProfileName = 'extended' | 'national';

export const PROFILES: readonly ProfileName[] = ['extended', 'national'];

export interface AnswerProfile {
  readonly name: ProfileName;
  /** The answer as sent for a message of `infno` (undefined when the request was not readable). */
  shape(answer: AnswerEnvelope, infno: string | undefined): Record<string, unknown>;
}
