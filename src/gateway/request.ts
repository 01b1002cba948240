/**
 * Checks on a request before anything is sent: a bad request is
 * `GATEWAY_REQUEST_INVALID` and leaves the terminal.
 *
 * @module
 */
import { GatewayError } from './errors.js';

export function invalidRequest(field: string, reason: string): GatewayError {
  return new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field, reason } });
}

export const isFen = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
export const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.length > 0;
