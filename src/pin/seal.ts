/**
 * Seals the PIN into the block of voucher.md section 4: a compact JWE
 * (`ECDH-ES+A256KW`, `A256GCM`) to the trust list's `pinKey`, whose payload
 * `{"pin","jti","msgid","amt","iat"}` binds it to one voucher, one message and
 * one amount. The payload is assembled as bytes around the digit buffer and
 * wiped after encryption; the clear PIN is never put in a JS string here
 * (jose's own internal copies are out of our reach).
 *
 * @module
 */
import type { JWK } from 'jose';
import type { Clock } from '../lib/clock.js';
import { PIN_LENGTH } from './digits.js';
import { PinError } from './errors.js';
import { encryptPinBlock } from './jwe.js';

/**
 * The key agreement of a PIN block (JWE `alg`).
 *
 * Exported from `yibao-pos/pin/seal`.
 * @example
 * ```ts
 * import { PIN_BLOCK_ALG } from 'yibao-pos/pin/seal';
 * console.log(PIN_BLOCK_ALG);
 * ```
 */
export const PIN_BLOCK_ALG = 'ECDH-ES+A256KW';
/**
 * The content encryption of a PIN block (JWE `enc`).
 *
 * Exported from `yibao-pos/pin/seal`.
 * @example
 * ```ts
 * import { PIN_BLOCK_ENC } from 'yibao-pos/pin/seal';
 * console.log(PIN_BLOCK_ENC);
 * ```
 */
export const PIN_BLOCK_ENC = 'A256GCM';

/**
 * What a PIN block is bound to: the voucher `jti`, the msgid, the amount, and the trust list's PIN key.
 *
 * Exported from `yibao-pos`, `yibao-pos/pin` and `yibao-pos/pin/seal`.
 */
export interface SealOptions {
  /** The voucher `jti` of the PIN's owner. */
  jti: string;
  /** The gateway message id the block travels with. */
  msgid: string;
  /** The approved amount in fen. */
  amountFen: number;
  /** The trust list's `pinKey` (public JWK; private members are ignored). */
  pinKey: JWK;
  /** Time of sealing (ms since epoch, or a clock) for `iat`; defaults to now. */
  now?: number | Clock;
}

const encoder = new TextEncoder();

/**
 * Seals a PIN given as text (scripted sources, tests). Refuses anything but
 * exactly 6 ASCII digits with `PIN_FORMAT`, whose message holds no digit.
 *
 * @example
 * const block = await sealPinBlock('123456', { jti, msgid, amountFen: 2680, pinKey });
 *
 * Exported from `yibao-pos`, `yibao-pos/pin` and `yibao-pos/pin/seal`.
 *
 * @param pin The six-digit PIN; it is not kept.
 * @param options The voucher `jti`, msgid, amount and the trust list's `pinKey`.
 */
export async function sealPinBlock(pin: string, options: SealOptions): Promise<string> {
  const digits = new Uint8Array(pin.length <= PIN_LENGTH ? pin.length : 0);
  let ok = pin.length === PIN_LENGTH;
  for (let i = 0; ok && i < pin.length; i++) {
    const c = pin.charCodeAt(i);
    if (c < 0x30 || c > 0x39) ok = false;
    else digits[i] = c;
  }
  try {
    if (!ok) throw new PinError('PIN_FORMAT');
    return await sealPinDigits(digits, options);
  } finally {
    digits.fill(0);
  }
}

/**
 * Seals ASCII digit bytes (the PIN pads' buffers). The caller wipes `digits`;
 * the plaintext this builds is wiped here.
 *
 * Exported from `yibao-pos/pin/seal`.
 * @param digits The PIN as digit values 0-9 (wiped by the caller after).
 * @param options The pin key and the voucher `jti` the block is bound to.
 * @example
 * ```ts
 * import { sealPinDigits } from 'yibao-pos/pin/seal';
 * const block = await sealPinDigits(new Uint8Array([1, 2, 3, 4, 5, 6]), { pinKey, jti });
 * ```
 */
export async function sealPinDigits(digits: Uint8Array, options: SealOptions): Promise<string> {
  if (digits.length !== PIN_LENGTH || digits.some((c) => c < 0x30 || c > 0x39)) throw new PinError('PIN_FORMAT');
  const { jti, msgid, amountFen } = options;
  if (typeof jti !== 'string' || jti === '') throw new TypeError('sealPinBlock: jti must be a non-empty string');
  if (typeof msgid !== 'string' || msgid === '') throw new TypeError('sealPinBlock: msgid must be a non-empty string');
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new TypeError('sealPinBlock: amountFen must be a non-negative integer of fen');
  const nowMs = typeof options.now === 'function' ? options.now() : (options.now ?? Date.now());
  const iat = Math.floor(nowMs / 1000);

  const head = encoder.encode('{"pin":"');
  const tail = encoder.encode(`","jti":${JSON.stringify(jti)},"msgid":${JSON.stringify(msgid)},"amt":${amountFen},"iat":${iat}}`);
  const plaintext = new Uint8Array(head.length + PIN_LENGTH + tail.length);
  try {
    plaintext.set(head, 0);
    plaintext.set(digits, head.length);
    plaintext.set(tail, head.length + PIN_LENGTH);
    // On Node synchronously by node:crypto (jwe.ts says why), in a browser by jose on WebCrypto.
    return await encryptPinBlock(plaintext, options.pinKey, PIN_BLOCK_ALG, PIN_BLOCK_ENC);
  } finally {
    plaintext.fill(0);
  }
}
