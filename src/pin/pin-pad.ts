/**
 * The contract between the checkout and whatever the payer types the PIN on.
 * An implementation collects the digits, seals them (seal.ts) and hands back
 * only the sealed block; the clear PIN never leaves this folder.
 *
 * @module
 */
import type { JWK } from 'jose';

/**
 * What the checkout knows when it asks for the PIN; the block binds jti, msgid and amount.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 */
export interface PinRequest {
  /** The amount the payer approves, in fen (shown on the pad, sealed as `amt`). */
  amountFen: number;
  /** The masked name from the voucher (`nm`, e.g. `张*三`), shown to the payer. */
  payerName?: string;
  /** 1 for the first try of this sale, 2 after a wrong PIN, … */
  attempt: number;
  /** Tries the gateway said are left, after a wrong PIN. */
  triesLeft?: number;
  /** The voucher `jti` of the PIN's owner. */
  jti: string;
  /** The gateway message id the block will travel with (journaled before asking). */
  msgid: string;
  /** The trust list's `pinKey` (an EC public key for ECDH-ES). */
  pinKey: JWK;
  /** Aborting cancels the prompt with `PIN_CANCELLED`. */
  signal?: AbortSignal;
}

/**
 * Where the payer types the PIN: returns the sealed PIN block, never the PIN. `TtyPinPad`, `SerialPinPad` and `ScriptedPinPad` implement it; implement it for other devices.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 */
export interface PinPad {
  /**
   * Resolves to the sealed PIN block (compact JWE) or rejects with a typed
   * error: `PIN_CANCELLED`, `PIN_TIMEOUT`, `PIN_NO_TTY`, `PIN_DEVICE`, `PIN_FORMAT`.
   */
  requestPin(req: PinRequest): Promise<string>;
  /** Releases a device the pad holds open (serial port); optional. */
  close?(): Promise<void>;
}
