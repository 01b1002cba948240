/**
 * Answer profiles of the simulator: `extended` (the default: the canonical
 * answer with this project's extensions, `err_code` and `tries_left`) and
 * `national` (exactly the real shape).
 *
 * @module
 */
import { nationalProfile } from './national.js';
import type { AnswerProfile, ProfileName } from './types.js';

export type { AnswerProfile, ProfileName } from './types.js';
export { PROFILES } from './types.js';
export { NATIONAL_OUTPUTS, type OutputShaper } from './national-outputs.js';

export const extendedProfile: AnswerProfile = { name: 'extended', shape: (answer) => answer as unknown as Record<string, unknown> };

export function answerProfile(name: ProfileName = 'extended'): AnswerProfile {
  return name === 'national' ? nationalProfile : extendedProfile;
}
