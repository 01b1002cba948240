/**
 * Reads a gateway answer (the bytes of a 200 response) into its `output`, or
 * the typed refusal it carries. An answer that cannot be read is an unknown
 * outcome: the gateway may have booked the message.
 *
 * @module
 */
import { GatewayError } from './errors.js';
import type { ResponseEnvelope } from './wire.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** An unknown outcome for a body that is not a readable answer. */
export function unreadable(reason: string, msgid?: string, cause?: unknown): GatewayError {
  return new GatewayError('GATEWAY_UNKNOWN_OUTCOME', {
    outcome: 'unknown',
    ...(msgid !== undefined ? { msgid } : {}),
    ...(cause !== undefined ? { cause } : {}),
    details: { reason: `unreadable body: ${reason}` },
  });
}

/**
 * `output` of a successful answer (`infcode` 0). Throws the refusal of an
 * `infcode -1` answer (`GATEWAY_<err_code>`, outcome `refused`), or
 * `GATEWAY_UNKNOWN_OUTCOME` for anything else.
 */
export function readAnswer(bytes: Uint8Array, msgid: string): { output: Record<string, unknown>; envelope: ResponseEnvelope } {
  let envelope: ResponseEnvelope;
  try {
    const parsed: unknown = JSON.parse(decoder.decode(bytes));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    envelope = parsed as ResponseEnvelope;
  } catch (cause) {
    throw unreadable('not a JSON object', msgid, cause);
  }
  const infcode = String(envelope.infcode);
  if (infcode === '0') {
    const output = envelope.output ?? {};
    if (typeof output !== 'object' || output === null || Array.isArray(output)) throw unreadable('output is not an object', msgid);
    return { output: output as Record<string, unknown>, envelope };
  }
  if (infcode === '-1') {
    const errCode = typeof envelope.err_code === 'string' ? envelope.err_code : undefined;
    const errMsg = typeof envelope.err_msg === 'string' ? envelope.err_msg.slice(0, 500) : undefined;
    const out = envelope.output as Record<string, unknown> | undefined;
    const tries = envelope.tries_left ?? (typeof out === 'object' && out !== null ? out.tries_left : undefined);
    throw new GatewayError(GatewayError.codeFor(errCode), {
      outcome: 'refused',
      msgid,
      httpStatus: 200,
      ...(errCode !== undefined ? { errCode } : {}),
      ...(errMsg !== undefined ? { errMsg } : {}),
      ...(typeof tries === 'number' && Number.isInteger(tries) ? { triesLeft: tries } : {}),
      details: { msgid, ...(errCode !== undefined ? { errCode } : {}), ...(typeof tries === 'number' ? { triesLeft: tries } : {}) },
    });
  }
  throw unreadable(`infcode ${infcode.slice(0, 10)}`, msgid);
}
