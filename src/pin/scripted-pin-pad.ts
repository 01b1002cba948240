/**
 * A scripted PIN source FOR AUTOMATION AND TESTING ONLY (the CLI's
 * `--pin-stdin`): each prompt takes the next line of a list or of an async
 * source. A line `CANCEL` or `TIMEOUT` plays that outcome; the end of the
 * source cancels. Because the PIN arrives as a JS string it cannot be wiped;
 * never use this for a real payer.
 *
 * @module
 */
import { systemClock, type Clock } from '../lib/clock.js';
import { PIN_INPUT_ENDED, PinError } from './errors.js';
import type { PinPad, PinRequest } from './pin-pad.js';
import { sealPinBlock } from './seal.js';

/**
 * The next scripted line, or undefined when there are no more.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 */
export type PinSource = () => Promise<string | undefined> | string | undefined;

/**
 * PINs from a list or a line source, for automation and tests only (`--pin-stdin`); it records each request without the PIN.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 *
 * @example
 * ```ts
 * import { ScriptedPinPad } from 'yibao-pos/pin';
 * const pinPad = new ScriptedPinPad(['123456']);
 * const terminal = await createTerminal({ ...config, pinPad });
 * ```
 */
export class ScriptedPinPad implements PinPad {
  private readonly next: PinSource;
  /** Every request this pad saw, without the PIN (for tests: attempts, tries left). */
  readonly requests: Array<Omit<PinRequest, 'pinKey' | 'signal'>> = [];

  constructor(
    source: readonly string[] | PinSource,
    private readonly options: { clock?: Clock } = {},
  ) {
    if (typeof source === 'function') this.next = source;
    else {
      const queue = [...source];
      this.next = () => queue.shift();
    }
  }

  async requestPin(req: PinRequest): Promise<string> {
    const { pinKey: _key, signal, ...shown } = req;
    this.requests.push(shown);
    if (signal?.aborted) throw new PinError('PIN_CANCELLED');
    const next = this.next();
    // A line already there (a list) needs no race with the cancel, checked just above: no listener per PIN.
    const line = typeof next === 'string' || next === undefined ? next : await abortable(next, signal);
    if (line === undefined) throw new PinError('PIN_CANCELLED', { details: { reason: PIN_INPUT_ENDED } });
    const text = line.trim();
    if (text === 'CANCEL') throw new PinError('PIN_CANCELLED');
    if (text === 'TIMEOUT') throw new PinError('PIN_TIMEOUT');
    return sealPinBlock(text, { jti: req.jti, msgid: req.msgid, amountFen: req.amountFen, pinKey: req.pinKey, now: this.options.clock ?? systemClock });
  }
}

function abortable<T>(value: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return value;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new PinError('PIN_CANCELLED'));
    signal.addEventListener('abort', onAbort, { once: true });
    value.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
