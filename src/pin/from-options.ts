/**
 * Picks the PIN pad a CLI or an app configured: a scripted source
 * (automation/testing only), a serial PIN pad, or the terminal.
 *
 * @module
 */
import type { Clock } from '../lib/clock.js';
import type { PinPad } from './pin-pad.js';
import { ScriptedPinPad, type PinSource } from './scripted-pin-pad.js';
import { SerialPinPad } from './serial-pin-pad.js';
import { TtyPinPad } from './tty-pin-pad.js';

/**
 * What `pinPadFromOptions` chooses from.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 */
export interface PinPadChoice {
  /** `--pin-stdin`: lines from this source (for automation/testing only). */
  pinStdin?: PinSource;
  /** `--pin-device <path>`: a serial PIN pad. */
  pinDevice?: string;
  pinBaudRate?: number;
  /** Idle timeout in ms (TTY and serial). */
  pinTimeoutMs?: number;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  clock?: Clock;
}

/**
 * The PIN pad a command line chooses: scripted lines (`--pin-stdin`), a serial pad (`--pin-device`), or the terminal keyboard.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 *
 * @param choice What the command line named.
 * @example
 * ```ts
 * import { pinPadFromOptions } from 'yibao-pos/pin';
 * const pinPad = pinPadFromOptions({ pinDevice: '/dev/ttyUSB0' });
 * ```
 */
export function pinPadFromOptions(choice: PinPadChoice = {}): PinPad {
  const common = {
    ...(choice.pinTimeoutMs !== undefined ? { timeoutMs: choice.pinTimeoutMs } : {}),
    ...(choice.clock ? { clock: choice.clock } : {}),
  };
  if (choice.pinStdin) return new ScriptedPinPad(choice.pinStdin, choice.clock ? { clock: choice.clock } : {});
  if (choice.pinDevice !== undefined) {
    return new SerialPinPad({ path: choice.pinDevice, ...(choice.pinBaudRate !== undefined ? { baudRate: choice.pinBaudRate } : {}), ...common });
  }
  return new TtyPinPad({ ...(choice.input ? { input: choice.input } : {}), ...(choice.output ? { output: choice.output } : {}), ...common });
}
