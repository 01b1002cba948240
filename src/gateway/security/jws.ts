/**
 * The `jws` request security profile: the envelope serialized once, signed
 * with the terminal's ES256 key as a detached JWS in `X-Yb-Signature`.
 *
 * @module
 */
import type { JWK } from 'jose';
import { signBody } from '../signature.js';
import type { RequestSecurity } from './types.js';

/**
 * Request security by JWS: the body is signed with the terminal's ES256 key (the default of `GatewayClient`).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @param terminalKey The terminal's private JWK, with its `kid`.
 * @example
 * ```ts
 * import { GatewayClient, jwsSecurity } from 'yibao-pos/gateway';
 * const client = new GatewayClient({ ...options, security: jwsSecurity(terminalKey) });
 * ```
 */
export function jwsSecurity(terminalKey: JWK): RequestSecurity {
  return {
    name: 'jws',
    async seal(envelope) {
      const body = Buffer.from(JSON.stringify(envelope), 'utf8');
      return { body, headers: { 'x-yb-signature': await signBody(body, terminalKey) } };
    },
  };
}
