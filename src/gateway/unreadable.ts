/**
 * The error of an answer that cannot be read: the gateway answered, so the
 * message may have been booked; its outcome is unknown (reverse it).
 *
 * @module
 */
import { GatewayError } from './errors.js';

/** An unknown outcome for a body or field that is not a readable answer. */
export function unreadable(reason: string, msgid?: string, cause?: unknown): GatewayError {
  return new GatewayError('GATEWAY_UNKNOWN_OUTCOME', {
    outcome: 'unknown',
    ...(msgid !== undefined ? { msgid } : {}),
    ...(cause !== undefined ? { cause } : {}),
    details: { reason: `unreadable body: ${reason}` },
  });
}
