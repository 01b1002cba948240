/**
 * The only place the clear PIN lives while it is typed: six ASCII digit bytes
 * in a buffer we own, so it can be overwritten with zeros the moment it has
 * been sealed, cancelled or abandoned. JS strings cannot be wiped, so the
 * digits are never turned into one here.
 *
 * @module
 */

/**
 * How many digits a PIN has: 6.
 *
 * Exported from `yibao-pos/pin/seal`.
 * @example
 * ```ts
 * import { PIN_LENGTH } from 'yibao-pos/pin/seal';
 * console.log(PIN_LENGTH); // 6
 * ```
 */
export const PIN_LENGTH = 6;

/**
 * The PIN being typed, as digits in a buffer that is wiped once sealed (never a string).
 *
 * Exported from `yibao-pos/pin/seal`.
 * @example
 * ```ts
 * import { PinDigits } from 'yibao-pos/pin/seal';
 * const pin = new PinDigits();
 * ```
 */
export class PinDigits {
  private readonly bytes = new Uint8Array(PIN_LENGTH);
  private count = 0;

  get length(): number {
    return this.count;
  }

  get complete(): boolean {
    return this.count === PIN_LENGTH;
  }

  /** Adds one ASCII digit byte (0x30–0x39); returns false when full or not a digit. */
  push(byte: number): boolean {
    if (byte < 0x30 || byte > 0x39 || this.count >= PIN_LENGTH) return false;
    this.bytes[this.count++] = byte;
    return true;
  }

  /** Removes the last digit; returns false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    this.bytes[--this.count] = 0;
    return true;
  }

  /**
   * Lends the digits to `use` (the sealer), then wipes them whatever happens.
   * The view must not be kept past the call.
   */
  async consume<T>(use: (digits: Uint8Array) => Promise<T>): Promise<T> {
    try {
      return await use(this.bytes.subarray(0, this.count));
    } finally {
      this.wipe();
    }
  }

  /** Overwrites every digit with zeros. */
  wipe(): void {
    this.bytes.fill(0);
    this.count = 0;
  }
}
