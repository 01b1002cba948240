/**
 * The `jws` request security profile: the envelope serialized once, signed
 * with the terminal's ES256 key as a detached JWS in `X-Yb-Signature`.
 *
 * @module
 */
import type { JWK } from 'jose';
import { signBody } from '../signature.js';
import type { RequestSecurity } from './types.js';

export function jwsSecurity(terminalKey: JWK): RequestSecurity {
  return {
    name: 'jws',
    async seal(envelope) {
      const body = Buffer.from(JSON.stringify(envelope), 'utf8');
      return { body, headers: { 'x-yb-signature': await signBody(body, terminalKey) } };
    },
  };
}
