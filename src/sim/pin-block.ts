/**
 * The simulator's side of the PIN block (voucher.md section 4): decrypts it
 * with the PIN key's private half and refuses a block that was not sealed
 * for this very message (jti, msgid, amount), is malformed, or is stale.
 * Lives in sim/ only: the SDK never opens PIN blocks.
 *
 * @module
 */
import { compactDecrypt, importJWK, type JWK } from 'jose';
import { systemClock, type Clock } from '../lib/clock.js';
import { defineErrors } from '../lib/errors.js';
import { DEFAULT_SKEW_SEC } from '../voucher/verify.js';

export const PinBlockError = defineErrors('PinBlockError', {
  PIN_BLOCK_INVALID: {
    zh: '密码块无效',
    en: 'The PIN block is invalid',
  },
  PIN_BLOCK_MISMATCH: {
    zh: '密码块与本次交易不符',
    en: 'The PIN block was sealed for another voucher, message or amount',
  },
  PIN_BLOCK_STALE: {
    zh: '密码块已过期',
    en: 'The PIN block is too old (or from the future)',
  },
});
export type PinBlockError = InstanceType<typeof PinBlockError>;

export interface OpenPinBlockOptions {
  /** The private half of the trust list's `pinKey` (JWK with `d`, or a CryptoKey). */
  privateKey: JWK | CryptoKey;
  /** What the message the block arrived with says. */
  expect: { jti: string; msgid: string; amountFen: number };
  clock?: Clock;
  /** Oldest acceptable `iat`, in seconds before now; default 300. */
  maxAgeSec?: number;
  /** Allowed clock skew into the future, default 10 s. */
  skewSec?: number;
}

const decoder = new TextDecoder();

/**
 * Returns the clear PIN (simulator side only) or throws `PIN_BLOCK_*`.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param jwe The sealed PIN block.
 * @param options The PIN private key, and the jti, msgid and amount the block must be bound to.
 *
 * @example
 * ```ts
 * import { openPinBlock } from 'yibao-pos/sim';
 * const pin = await openPinBlock(pinBlock, { privateKey: pinPrivateJwk, expect: { jti, msgid, amountFen: 880 } });
 * ```
 */
export async function openPinBlock(jwe: string, options: OpenPinBlockOptions): Promise<string> {
  const key = isCryptoKey(options.privateKey) ? options.privateKey : await importJWK(options.privateKey, 'ECDH-ES+A256KW');
  let plaintext: Uint8Array;
  try {
    const out = await compactDecrypt(jwe, key, { keyManagementAlgorithms: ['ECDH-ES+A256KW'], contentEncryptionAlgorithms: ['A256GCM'] });
    plaintext = out.plaintext;
  } catch (cause) {
    // jose's messages hold no plaintext, only what went wrong.
    throw new PinBlockError('PIN_BLOCK_INVALID', { cause });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(decoder.decode(plaintext));
  } catch {
    throw new PinBlockError('PIN_BLOCK_INVALID', { details: { reason: 'payload is not JSON' } });
  } finally {
    plaintext.fill(0);
  }
  if (!isPayload(payload)) throw new PinBlockError('PIN_BLOCK_INVALID', { details: { reason: 'payload lacks pin/jti/msgid/amt/iat' } });
  const { expect } = options;
  const differs = [
    payload.jti !== expect.jti ? 'jti' : undefined,
    payload.msgid !== expect.msgid ? 'msgid' : undefined,
    payload.amt !== expect.amountFen ? 'amt' : undefined,
  ].filter((f): f is string => f !== undefined);
  if (differs.length > 0) throw new PinBlockError('PIN_BLOCK_MISMATCH', { details: { fields: differs } });
  const now = Math.floor((options.clock ?? systemClock)() / 1000);
  if (payload.iat < now - (options.maxAgeSec ?? 300) || payload.iat > now + (options.skewSec ?? DEFAULT_SKEW_SEC)) {
    throw new PinBlockError('PIN_BLOCK_STALE', { details: { iat: payload.iat, now } });
  }
  return payload.pin;
}

interface PinPayload {
  pin: string;
  jti: string;
  msgid: string;
  amt: number;
  iat: number;
}

function isPayload(p: unknown): p is PinPayload {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    typeof o.pin === 'string' &&
    /^[0-9]{6}$/.test(o.pin) &&
    typeof o.jti === 'string' &&
    typeof o.msgid === 'string' &&
    Number.isSafeInteger(o.amt) &&
    Number.isSafeInteger(o.iat)
  );
}

function isCryptoKey(k: JWK | CryptoKey): k is CryptoKey {
  return typeof (k as CryptoKey).algorithm === 'object' && typeof (k as CryptoKey).type === 'string';
}
