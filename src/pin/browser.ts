/**
 * yibao-pos/pin/seal: sealing the PIN block where the PIN is typed, a kiosk
 * page included. Browser-safe: jose on WebCrypto, no node: import, none of the
 * TTY or serial pads (those stay in `yibao-pos/pin`). Re-exports only.
 *
 * @example
 * import { PinDigits, sealPinDigits } from 'yibao-pos/pin/seal';
 * const digits = new PinDigits();            // one ASCII byte per key press
 * digits.push(0x30 + key);
 * const block = await digits.consume((d) => sealPinDigits(d, { jti, msgid, amountFen, pinKey }));
 *
 * @module yibao-pos/pin/seal
 */
export { sealPinBlock, sealPinDigits, PIN_BLOCK_ALG, PIN_BLOCK_ENC } from './seal.js';
export type { SealOptions } from './seal.js';
export { PinDigits, PIN_LENGTH } from './digits.js';
export { PinError } from './errors.js';
export type { PinErrorCode } from './errors.js';
