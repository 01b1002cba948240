/**
 * Who may push: the signature's kid must be a registered till, the body must
 * name that till and its pharmacy. Returns the parsed body or throws the
 * refusal, whose code is the reason the refusal is counted under.
 *
 * @module
 */
import { verifyBodySignature } from '../gateway/signature.js';
import { pushBodyProblem, type PushBody } from '../journal/push-format.js';
import { BackofficeError } from './errors.js';
import type { TillKeys } from './registry.js';

export async function checkPush(keys: TillKeys, bytes: Uint8Array, signature: string | undefined): Promise<PushBody> {
  let kid: string;
  try {
    kid = await verifyBodySignature(bytes, signature, (k) => keys.key(k));
  } catch (cause) {
    const reason = (cause as { details?: { reason?: string } }).details?.reason;
    throw new BackofficeError(reason === 'unknown kid' ? 'BACKOFFICE_TILL_UNKNOWN' : 'BACKOFFICE_PUSH_UNSIGNED', { cause, details: { reason } });
  }
  const till = keys.till(kid)!;
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new BackofficeError('BACKOFFICE_PUSH_INVALID', { details: { pharmacy: till.pharmacy, field: '(json)' } });
  }
  const problem = pushBodyProblem(body);
  if (problem !== undefined) throw new BackofficeError('BACKOFFICE_PUSH_INVALID', { details: { pharmacy: till.pharmacy, field: problem } });
  const push = body as PushBody;
  if (push.pharmacy !== till.pharmacy || push.till !== till.till) {
    throw new BackofficeError('BACKOFFICE_WRONG_PHARMACY', { details: { pharmacy: till.pharmacy, till: till.till, claimed: `${push.pharmacy}/${push.till}` } });
  }
  return push;
}
