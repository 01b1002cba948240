/**
 * The PIN pad of the terminal itself: raw mode on a TTY, `*` echoed per
 * digit, only digits, Backspace, Enter (at 6 digits) and Esc/Ctrl+C read.
 * The terminal mode is restored on every path: on success, cancel, timeout,
 * error, and (through a process 'exit' hook held only while the prompt is
 * open) when the caller crashes. A non-TTY stdin is refused with `PIN_NO_TTY`
 * rather than risk echoing the PIN.
 *
 * The timeout restarts with each key (an idle timeout), so a slow payer is
 * not cut off mid-entry. While the prompt is open, the app's other 'data'
 * listeners on the input (readline, keypress) are detached and put back
 * afterwards, so no other reader ever receives the digits.
 *
 * @module
 */
import { optionalNumber, RANGES } from '../lib/numbers.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { PIN_LENGTH, PinDigits } from './digits.js';
import { PinError } from './errors.js';
import type { PinPad, PinRequest } from './pin-pad.js';
import { runPrompt } from './prompt-session.js';
import { DEFAULT_PIN_TIMEOUT_MS, shownName, yuanOf } from './prompt-text.js';
import { systemTimer, type Timer } from '../lib/timer.js';
import { sealPinDigits } from './seal.js';
import { decodeTtyKeys } from './tty-keys.js';

/**
 * Options of `TtyPinPad`: input and output streams, idle timeout, clock.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 */
export interface TtyPinPadOptions {
  /** Defaults to process.stdin; must be a TTY. */
  input?: NodeJS.ReadStream;
  /** Defaults to process.stdout when it is a terminal, else process.stderr. */
  output?: NodeJS.WriteStream;
  /** Idle time allowed between keys, default 60 s. */
  timeoutMs?: number;
  /** For `iat`. */
  clock?: Clock;
  /** For the timeout (tests drive it by hand). */
  timer?: Timer;
}

const CLEAR_LINE = '\r\x1b[K';

/**
 * The PIN typed on the terminal's keyboard in raw mode: amount and masked name shown, `*` per digit, Esc or Ctrl+C cancels, idle timeout; the terminal mode is restored on every path.
 *
 * Exported from `yibao-pos` and `yibao-pos/pin`.
 *
 * @example
 * ```ts
 * import { createTerminal, TtyPinPad } from 'yibao-pos';
 * const terminal = await createTerminal({ ...config, pinPad: new TtyPinPad({ timeoutMs: 30_000 }) });
 * ```
 */
export class TtyPinPad implements PinPad {
  private busy = false;

  constructor(private readonly options: TtyPinPadOptions = {}) {
    optionalNumber('timeoutMs', options.timeoutMs, RANGES.timeoutMs);
  }

  async requestPin(req: PinRequest): Promise<string> {
    const input = this.options.input ?? process.stdin;
    // A piped stdout (JSON output, logs) must not receive the prompt: use stderr then.
    const output = this.options.output ?? (process.stdout.isTTY ? process.stdout : process.stderr);
    if (!input.isTTY || typeof input.setRawMode !== 'function') throw new PinError('PIN_NO_TTY');
    if (this.busy) throw new PinError('PIN_DEVICE', { details: { reason: 'a PIN prompt is already open on this terminal' } });
    this.busy = true;
    const digits = new PinDigits();
    try {
      await runPrompt<void>({
        signal: req.signal,
        timer: this.options.timer ?? systemTimer,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_PIN_TIMEOUT_MS,
        setup: (control) => {
          const wasRaw = input.isRaw;
          // Not flowing before (null: never read, false: paused) means paused after,
          // or a resumed stdin would keep the process alive.
          const wasPaused = input.readableFlowing !== true;
          let restored = false;
          const restore = () => {
            if (restored) return;
            restored = true;
            try {
              input.setRawMode(wasRaw);
            } catch {
              // The terminal is gone; nothing left to restore.
            }
          };
          const render = () => output.write(`${CLEAR_LINE}  密码 PIN: ${'*'.repeat(digits.length)}`);
          const onData = (chunk: Buffer | string) => {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
            const keys = decodeTtyKeys(bytes);
            // The chunk held typed digits; it is ours now, so wipe it.
            bytes.fill(0);
            for (const key of keys) {
              if (control.settled) return;
              control.touch();
              if (key.kind === 'digit') {
                if (digits.push(key.byte)) render();
                else output.write('\x07');
              } else if (key.kind === 'backspace') {
                if (digits.pop()) render();
              } else if (key.kind === 'enter') {
                if (digits.complete) control.resolve();
                // Enter too early is said on the prompt line, not only with a bell the cashier may not hear.
                else output.write(`\x07${CLEAR_LINE}  密码 PIN: ${'*'.repeat(digits.length)}  还差 ${PIN_LENGTH - digits.length} 位 / ${PIN_LENGTH - digits.length} more digit(s)`);
              } else if (key.kind === 'cancel') {
                control.reject(new PinError('PIN_CANCELLED'));
              }
            }
          };
          const onEnd = () => control.reject(new PinError('PIN_DEVICE', { details: { reason: 'terminal input closed' } }));
          const onError = (cause: unknown) => control.reject(new PinError('PIN_DEVICE', { cause }));

          // While the prompt is open the pad is the terminal's only reader: a
          // readline or keypress listener of the app must not see the digits.
          const others = input.listeners('data') as Array<(...args: unknown[]) => void>;
          for (const l of others) input.off('data', l);
          process.on('exit', restore);
          input.setRawMode(true);
          input.on('data', onData);
          input.on('end', onEnd);
          input.on('error', onError);
          input.resume();
          output.write(header(req));
          render();
          return () => {
            input.off('data', onData);
            for (const l of others) input.on('data', l);
            input.off('end', onEnd);
            input.off('error', onError);
            if (wasPaused) input.pause();
            restore();
            process.off('exit', restore);
            output.write('\r\n');
          };
        },
      });
      return await digits.consume((d) =>
        sealPinDigits(d, { jti: req.jti, msgid: req.msgid, amountFen: req.amountFen, pinKey: req.pinKey, now: this.options.clock ?? systemClock }),
      );
    } finally {
      digits.wipe();
      this.busy = false;
    }
  }
}

function header(req: PinRequest): string {
  const lines = [
    '',
    `医保支付 Insurance payment   金额 Amount: ¥${yuanOf(req.amountFen)}`,
    `付款人 Payer: ${shownName(req.payerName)}`,
  ];
  if (req.attempt > 1 || req.triesLeft !== undefined) {
    const left = req.triesLeft === undefined ? '' : `，剩余 ${req.triesLeft} 次 / tries left: ${req.triesLeft}`;
    lines.push(`密码错误，请重新输入 Wrong PIN, try again (第 ${req.attempt} 次 / attempt ${req.attempt}${left})`);
  }
  lines.push('请输入 6 位医保支付密码（不是微信支付密码） Enter the 6-digit insurance PIN (not your WeChat Pay password)');
  lines.push('Enter 确认 confirm · Backspace 删除 delete · Esc 取消 cancel');
  return `${lines.join('\r\n')}\r\n`;
}
