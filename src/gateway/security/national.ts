/**
 * The `sm2` request security profile: SM3withSM2 in the envelope's
 * `cainfo` with `signtype` `SM2`, optionally the `input` encrypted with SM4.
 *
 * What is signed (provinces differ; this is the profile's rule): the exact
 * body bytes with `cainfo` empty. The client serializes the envelope with
 * `signtype` then `cainfo: ""` as its last two members, signs those bytes,
 * and puts the base64 of r || s in place of the empty string. The receiver
 * undoes that substitution on the bytes it read (the body must end with
 * `,"cainfo":"<base64>"}`) and verifies before parsing anything else.
 *
 * With an SM4 key, `input` is sent as the base64 of SM4-ECB (PKCS#7) of its
 * JSON text, and signed in that form.
 *
 * @module
 */
import { GatewayError } from '../errors.js';
import type { RequestEnvelope } from '../wire.js';
import { SM2_DEFAULT_USER_ID, sm2PublicKeyOf, sm2Sign, sm2Verify, sm4Decrypt, sm4Encrypt } from './sm2.js';
import type { RequestSecurity } from './types.js';

/**
 * What `sm2Security` needs: the terminal's SM2 private key (hex), and optionally the SM2 user id, the SM4 key (hex) and a bearer token.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface Sm2SecurityOptions {
  /** The terminal's SM2 private key, 64 hex digits. Never logged. */
  privateKeyHex: string;
  /** Signer id for Z_A; default `1234567812345678`. */
  userId?: string;
  /** Encrypt `input` with this SM4 key (32 hex digits). */
  sm4KeyHex?: string;
  /** Sent as `Authorization: Bearer …` where the province issues one. */
  bearerToken?: string | (() => string);
}

const TAIL = /,"cainfo":"([A-Za-z0-9+/]{86}==)"}$/;
const EMPTY_TAIL = ',"cainfo":""}';

/**
 * Request security as the national interface has it: the body signed with SM2, and encrypted with SM4 when a key is given.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @param options The terminal's SM2 private key, and optionally the SM2 user id, the SM4 key and the bearer token.
 * @example
 * ```ts
 * import { GatewayClient, sm2Security } from 'yibao-pos/gateway';
 * const client = new GatewayClient({ ...options, security: sm2Security(sm2Options) });
 * ```
 */
export function sm2Security(options: Sm2SecurityOptions): RequestSecurity {
  const publicKeyHex = sm2PublicKeyOf(options.privateKeyHex);
  const userId = options.userId ?? SM2_DEFAULT_USER_ID;
  return {
    name: 'sm2',
    async seal(envelope: RequestEnvelope) {
      const { cainfo: _c, signtype: _s, ...rest } = envelope;
      const input = options.sm4KeyHex === undefined ? rest.input : sm4Encrypt(Buffer.from(JSON.stringify(rest.input), 'utf8'), options.sm4KeyHex).toString('base64');
      const unsigned = `${JSON.stringify({ ...rest, input, signtype: 'SM2', cainfo: '' })}`;
      if (!unsigned.endsWith(EMPTY_TAIL)) throw new GatewayError('GATEWAY_SIGNATURE_FAILED', { details: { reason: 'envelope layout' } });
      const signature = sm2Sign(Buffer.from(unsigned, 'utf8'), options.privateKeyHex, { userId, publicKeyHex });
      const body = Buffer.from(`${unsigned.slice(0, -EMPTY_TAIL.length)},"cainfo":"${Buffer.from(signature).toString('base64')}"}`, 'utf8');
      const headers: Record<string, string> = {};
      if (options.bearerToken !== undefined) {
        headers.authorization = `Bearer ${typeof options.bearerToken === 'function' ? options.bearerToken() : options.bearerToken}`;
      }
      return { body, headers };
    },
  };
}

/**
 * The receiver's side: checks the `cainfo` signature of a body against the
 * public key `resolveKey` gives for the parsed envelope's sender. Returns
 * the envelope (its `input` decrypted when an SM4 key is given), or throws
 * `GATEWAY_SIGNATURE_INVALID`.
 */
export async function openSm2Body(
  body: Uint8Array,
  resolveKey: (sender: { fixmedinsCode: string; devNo: string }) => string | undefined | Promise<string | undefined>,
  options: { userId?: string; sm4KeyHex?: string } = {},
): Promise<Record<string, unknown>> {
  const refuse = (reason: string) => new GatewayError('GATEWAY_SIGNATURE_INVALID', { details: { reason } });
  const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  const m = TAIL.exec(text);
  if (!m) throw refuse('no cainfo at the end of the body');
  const unsigned = `${text.slice(0, m.index)}${EMPTY_TAIL}`;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(unsigned) as Record<string, unknown>;
  } catch {
    throw refuse('not JSON');
  }
  if (parsed.signtype !== 'SM2') throw refuse('signtype is not SM2');
  const fixmedinsCode = parsed.fixmedins_code;
  const devNo = parsed.dev_no;
  if (typeof fixmedinsCode !== 'string' || typeof devNo !== 'string') throw refuse('no sender');
  const key = await resolveKey({ fixmedinsCode, devNo });
  if (!key) throw refuse('unknown terminal');
  const ok = sm2Verify(Buffer.from(unsigned, 'utf8'), Buffer.from(m[1]!, 'base64'), key, { userId: options.userId ?? SM2_DEFAULT_USER_ID });
  if (!ok) throw refuse('signature does not verify');
  if (options.sm4KeyHex !== undefined && typeof parsed.input === 'string') {
    try {
      parsed.input = JSON.parse(sm4Decrypt(Buffer.from(parsed.input, 'base64'), options.sm4KeyHex).toString('utf8')) as unknown;
    } catch {
      throw refuse('input does not decrypt');
    }
  }
  parsed.cainfo = m[1];
  return parsed;
}
