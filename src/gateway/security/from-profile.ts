/**
 * The request security a gateway profile implies: SM2 over `input` or over
 * the body, the detached ES256 JWS, or none beside header signing. The
 * client's `security` option, when given, wins over it.
 *
 * @module
 */
import type { JWK } from 'jose';
import { GatewayError } from '../errors.js';
import type { GatewayCredentials, GatewayProfile } from '../profile/types.js';
import { inputSm2Security } from './input-sm2.js';
import { jwsSecurity } from './jws.js';
import { sm2Security } from './national.js';
import type { RequestSecurity } from './types.js';

/** The request security a profile implies (the `security` option, when given, wins). */
export function profileSecurity(profile: GatewayProfile, o: { credentials?: GatewayCredentials; terminalKey?: JWK }): RequestSecurity {
  const sm2 = o.credentials?.sm2;
  if (profile.sm2 !== 'none' && !sm2) {
    throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'credentials.sm2', reason: `the ${profile.name} profile signs with SM2` } });
  }
  if (profile.sm2 === 'input') {
    if (!sm2!.clientId) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'credentials.sm2.clientId', reason: 'the SM2 user id' } });
    return inputSm2Security({
      privateKeyHex: sm2!.privateKeyHex,
      clientId: sm2!.clientId,
      sm4: profile.sm4Input,
      ...(sm2!.secret !== undefined ? { secret: sm2!.secret } : {}),
      ...(sm2!.sm4KeyHex !== undefined ? { sm4KeyHex: sm2!.sm4KeyHex } : {}),
      ...(sm2!.userId !== undefined ? { userId: sm2!.userId } : {}),
    });
  }
  if (profile.sm2 === 'body') {
    return sm2Security({
      privateKeyHex: sm2!.privateKeyHex,
      ...(sm2!.userId !== undefined ? { userId: sm2!.userId } : {}),
      ...(profile.sm4Input && sm2!.sm4KeyHex !== undefined ? { sm4KeyHex: sm2!.sm4KeyHex } : {}),
    });
  }
  if (profile.headerSigning === 'jws') {
    if (!o.terminalKey) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'terminalKey', reason: 'a terminal key or a request security profile is required' } });
    return jwsSecurity(o.terminalKey);
  }
  // Header signing alone (paas, hmac, oauth): the envelope goes as it is.
  return { name: 'plain', seal: async (envelope) => ({ body: Buffer.from(JSON.stringify(envelope), 'utf8'), headers: {} }) };
}
