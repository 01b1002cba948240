/**
 * yibao-pos/pin: PIN entry (the PinPad contract, the terminal and serial PIN
 * pads, a scripted source for automation) and sealing of the PIN block.
 * The pad protocol and prompt helpers stay private. Re-exports only.
 *
 * @module yibao-pos/pin
 */
export { PinError } from './errors.js';
export type { PinErrorCode } from './errors.js';
export type { PinPad, PinRequest } from './pin-pad.js';
export { sealPinBlock } from './seal.js';
export type { SealOptions } from './seal.js';
export { TtyPinPad } from './tty-pin-pad.js';
export type { TtyPinPadOptions } from './tty-pin-pad.js';
export { SerialPinPad } from './serial-pin-pad.js';
export type { SerialPinPadOptions } from './serial-pin-pad.js';
export { ScriptedPinPad } from './scripted-pin-pad.js';
export type { PinSource } from './scripted-pin-pad.js';
export { pinPadFromOptions } from './from-options.js';
export type { PinPadChoice } from './from-options.js';
export type { PinTimer } from './prompt-text.js';
export type { Timer } from '../lib/timer.js';
