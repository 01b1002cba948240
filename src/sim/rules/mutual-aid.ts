/**
 * Mutual-aid (共济) binding rules (pure).
 *
 * @module
 */

/** A binding younger than this cannot be undone (spec: 3 months). */
export const BINDING_LOCK_MS = 90 * 24 * 3600 * 1000;

/** Whether the owner may unbind now. */
export function canUnbind(boundAtMs: number, nowMs: number): boolean {
  return nowMs - boundAtMs >= BINDING_LOCK_MS;
}

/** A family-account (亲情账户) owner may add at most this many members. */
export const FAMILY_MAX_MEMBERS = 5;
