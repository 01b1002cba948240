/**
 * The `input` SM2 variant, as the platform's channel clients sign: SM3withSM2
 * over the JSON text of `input` (not the whole body), with the client id as
 * the SM2 user id; with SM4, `input` travels as the base64 of SM4-ECB of that
 * text under the key derived from the client id and secret (sm2.ts
 * `deriveSm4Key`), `enc_type: "SM4"`, and the answer's `output` may come back
 * the same way. `cainfo` holds the base64 of r || s, `signtype` `SM2`.
 *
 * Our own variant (national.ts: the whole body signed, `cainfo` last) stays
 * for gateways that take it.
 *
 * @module
 */
import { GatewayError } from '../errors.js';
import type { RequestEnvelope } from '../wire.js';
import { deriveSm4Key, sm2PublicKeyOf, sm2Sign, sm2Verify, sm4Decrypt, sm4Encrypt } from './sm2.js';
import type { RequestSecurity } from './types.js';

/**
 * What `inputSm2Security` needs: the terminal's SM2 private key, the channel client id (the SM2 user id), and for SM4 the client secret (or the key itself).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface InputSm2Options {
  privateKeyHex: string;
  /** The channel client id (`app_id`): the SM2 user id, and with `secret` the SM4 key. */
  clientId: string;
  /** The channel secret the SM4 key is derived from. Never logged. */
  secret?: string;
  /** The SM4 key itself (32 hex digits) instead of deriving it. */
  sm4KeyHex?: string;
  /** Encrypt `input` (and accept an encrypted `output`). */
  sm4: boolean;
  /** SM2 user id other than the client id (some provinces use GM/T 0009's default). */
  userId?: string;
}

function keyOf(o: { clientId: string; secret?: string; sm4KeyHex?: string }): Uint8Array | string {
  if (o.sm4KeyHex !== undefined) return o.sm4KeyHex;
  if (o.secret === undefined) throw new GatewayError('GATEWAY_SIGNATURE_FAILED', { details: { reason: 'SM4 needs the channel secret or key' } });
  return deriveSm4Key(o.clientId, o.secret);
}

/**
 * Request security of the `input` SM2 variant (see the module).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @param options The SM2 key, the client id, and for SM4 the secret.
 * @example
 * ```ts
 * import { GatewayClient, inputSm2Security } from 'yibao-pos/gateway';
 * const client = new GatewayClient({ ...options, security: inputSm2Security({ privateKeyHex, clientId, secret, sm4: true }) });
 * ```
 */
export function inputSm2Security(options: InputSm2Options): RequestSecurity {
  const publicKeyHex = sm2PublicKeyOf(options.privateKeyHex);
  const key = options.sm4 ? keyOf(options) : undefined;
  const userId = options.userId ?? options.clientId;
  return {
    name: 'sm2-input',
    async seal(envelope: RequestEnvelope) {
      const { cainfo: _c, signtype: _s, input, ...rest } = envelope;
      const text = JSON.stringify(input);
      const signature = sm2Sign(Buffer.from(text, 'utf8'), options.privateKeyHex, { userId, publicKeyHex });
      const sent = key === undefined ? input : sm4Encrypt(Buffer.from(text, 'utf8'), key).toString('base64');
      const body = {
        ...rest,
        dev_safe_info: (rest as { dev_safe_info?: string }).dev_safe_info ?? '',
        cainfo: Buffer.from(signature).toString('base64'),
        signtype: 'SM2',
        app_id: options.clientId,
        enc_type: key === undefined ? '' : 'SM4',
        input: sent,
      };
      return { body: Buffer.from(JSON.stringify(body), 'utf8'), headers: {} };
    },
    openOutput(output: unknown): unknown {
      if (key === undefined || typeof output !== 'string') return output;
      return JSON.parse(sm4Decrypt(Buffer.from(output, 'base64'), key).toString('utf8')) as unknown;
    },
  };
}

/** The receiver's terminal: its SM2 public key, client id and SM4 key. */
export interface InputSm2Sender {
  publicKeyHex: string;
  clientId: string;
  secret?: string;
  sm4KeyHex?: string;
  userId?: string;
}

/**
 * The receiver's side: decrypts `input` when `enc_type` is SM4, and checks
 * `cainfo` over its JSON text. Returns the envelope with `input` as an object,
 * and the SM4 key to answer with (undefined when the request was not
 * encrypted); throws `GATEWAY_SIGNATURE_INVALID`.
 */
export async function openInputSm2(
  parsed: Record<string, unknown>,
  resolve: (sender: { fixmedinsCode: string; devNo: string; appId: string }) => InputSm2Sender | undefined | Promise<InputSm2Sender | undefined>,
): Promise<{ envelope: Record<string, unknown>; sm4Key: Uint8Array | string | undefined }> {
  const refuse = (reason: string) => new GatewayError('GATEWAY_SIGNATURE_INVALID', { details: { reason } });
  if (parsed.signtype !== 'SM2' || typeof parsed.cainfo !== 'string') throw refuse('no SM2 cainfo');
  const { fixmedins_code: code, dev_no: devNo, app_id: appId } = parsed;
  if (typeof code !== 'string' || typeof devNo !== 'string' || typeof appId !== 'string') throw refuse('no sender');
  const sender = await resolve({ fixmedinsCode: code, devNo, appId });
  if (!sender || sender.clientId !== appId) throw refuse('unknown terminal');
  let text: string;
  let sm4Key: Uint8Array | string | undefined;
  if (parsed.enc_type === 'SM4') {
    if (typeof parsed.input !== 'string') throw refuse('enc_type SM4 without an encrypted input');
    sm4Key = keyOf(sender);
    try {
      text = sm4Decrypt(Buffer.from(parsed.input, 'base64'), sm4Key).toString('utf8');
    } catch {
      throw refuse('input does not decrypt');
    }
  } else {
    text = JSON.stringify(parsed.input);
  }
  const signature = Buffer.from(parsed.cainfo, 'base64');
  if (!sm2Verify(Buffer.from(text, 'utf8'), signature, sender.publicKeyHex, { userId: sender.userId ?? sender.clientId })) throw refuse('signature does not verify');
  let input: unknown;
  try {
    input = JSON.parse(text) as unknown;
  } catch {
    throw refuse('input is not JSON');
  }
  return { envelope: { ...parsed, input }, sm4Key };
}

/** The answer's `output` encrypted for the terminal (base64 of SM4-ECB of its JSON). */
export function sealOutput(output: unknown, key: Uint8Array | string): string {
  return sm4Encrypt(Buffer.from(JSON.stringify(output), 'utf8'), key).toString('base64');
}
