/**
 * The error of a success answer that does not add up or does not answer
 * what was sent: the gateway may have booked something, but not this sale,
 * so the outcome is unknown (reverse it), and the code says which check failed.
 *
 * @module
 */
import { GatewayError, type AnswerCheckCode } from './errors.js';

export function answerMismatch(code: AnswerCheckCode, msgid: string, details: Record<string, unknown>): GatewayError {
  return new GatewayError(code, { outcome: 'unknown', msgid, details: { msgid, ...details } });
}
