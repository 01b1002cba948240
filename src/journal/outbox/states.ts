/**
 * The outbox row's state machine (pure). A row is `waiting` on the money
 * message it was written with until that message books (`pending`: due,
 * retried until acknowledged) or ends without booking (`void`). A `pending`
 * row stays `pending` across failed tries and ends `acknowledged` or, on an
 * answer that will never change, `refused`; a row whose sale was cancelled
 * before it went ends `void`.
 *
 * @module
 */
import { OutboxError } from './errors.js';

/**
 * The state of one outbox row: `waiting` → `pending` → `acknowledged` / `refused`, or `waiting` → `void`.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export type OutboxState = 'waiting' | 'pending' | 'acknowledged' | 'refused' | 'void';

/**
 * Every `OutboxState`, in lifecycle order.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import { OUTBOX_STATES } from 'yibao-pos/journal';
 * const valid = (s: string) => (OUTBOX_STATES as readonly string[]).includes(s);
 * ```
 */
export const OUTBOX_STATES: readonly OutboxState[] = ['waiting', 'pending', 'acknowledged', 'refused', 'void'];

/** The transition table: the only moves a row may make (`pending` → `pending` is a failed try). */
export const OUTBOX_NEXT: Readonly<Record<OutboxState, readonly OutboxState[]>> = {
  waiting: ['pending', 'void'],
  // pending → void: its sale was cancelled before the row went (a 3505 never sent once a 3506 would be due).
  pending: ['pending', 'acknowledged', 'refused', 'void'],
  acknowledged: [],
  refused: [],
  void: [],
};

export const canMoveRow = (from: OutboxState, to: OutboxState): boolean => OUTBOX_NEXT[from].includes(to);

/** Throws OUTBOX_ILLEGAL_TRANSITION unless the table allows the move. */
export function checkRowMove(row: { kind: string; key: string; state: OutboxState }, to: OutboxState): void {
  if (!canMoveRow(row.state, to)) {
    throw new OutboxError('OUTBOX_ILLEGAL_TRANSITION', { details: { kind: row.kind, key: row.key, from: row.state, to } });
  }
}
