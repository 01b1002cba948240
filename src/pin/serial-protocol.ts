/**
 * The line protocol of a simple external PIN pad on a serial port. Pure:
 * formatting the prompt and parsing the pad's bytes, no I/O.
 *
 * Terminal → pad (UTF-8, CR LF):
 *   `PIN <amount yuan> <masked name or -> <attempt> <tries left or ->`  open a prompt, e.g. `PIN 26.80 张*三 1 -`
 *   `ABORT`                                                           the terminal gave up (cancel, timeout)
 * Pad → terminal:
 *   `*` per digit key, `<` per correction (display echo, between lines only; restarts the idle timeout)
 *   `OK <6 digits>`   the payer confirmed
 *   `CANCEL`          the payer pressed cancel
 *   `TIMEOUT`         the pad's own timeout ran out
 *   `ERR <text>`      the pad failed (the text is not kept: it could hold anything)
 * Other lines are ignored (pads chatter: `READY`, firmware banners). A line
 * longer than 64 bytes is a device fault. Line bytes are wiped once read.
 *
 * @module
 */
import { PIN_LENGTH, PinDigits } from './digits.js';
import type { PinRequest } from './pin-pad.js';
import { shownName, yuanOf } from './prompt-text.js';

export const MAX_PAD_LINE = 64;

export type PadEvent =
  | { kind: 'key' }
  | { kind: 'ok'; digits: PinDigits }
  | { kind: 'bad-pin' }
  | { kind: 'cancel' }
  | { kind: 'timeout' }
  | { kind: 'error'; reason: string };

export function formatPadPrompt(req: Pick<PinRequest, 'amountFen' | 'payerName' | 'attempt' | 'triesLeft'>): string {
  const left = req.triesLeft === undefined ? '-' : String(req.triesLeft);
  return `PIN ${yuanOf(req.amountFen)} ${shownName(req.payerName)} ${req.attempt} ${left}\r\n`;
}

export const PAD_ABORT = 'ABORT\r\n';

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const OK = ascii('OK ');
const CANCEL = ascii('CANCEL');
const TIMEOUT = ascii('TIMEOUT');
const ERR = ascii('ERR');

export class PadReplyParser {
  private readonly line = new Uint8Array(MAX_PAD_LINE);
  private length = 0;
  private overflow = false;

  /** Feeds bytes from the pad; returns what they completed. */
  push(chunk: Uint8Array): PadEvent[] {
    const events: PadEvent[] = [];
    for (const b of chunk) {
      if (b === 0x0d || b === 0x0a) {
        if (this.overflow) events.push({ kind: 'error', reason: 'line too long' });
        else if (this.length > 0) {
          const event = this.parseLine();
          if (event) events.push(event);
        }
        this.clear();
      } else if (this.length === 0 && !this.overflow && (b === 0x2a /* * */ || b === 0x3c /* < */)) {
        events.push({ kind: 'key' });
      } else if (this.length < MAX_PAD_LINE) {
        this.line[this.length++] = b;
      } else {
        this.overflow = true;
      }
    }
    return events;
  }

  /** Wipes a partial line (the prompt ended). */
  clear(): void {
    this.line.fill(0);
    this.length = 0;
    this.overflow = false;
  }

  private parseLine(): PadEvent | undefined {
    const n = this.length;
    if (this.startsWith(OK)) {
      if (n !== OK.length + PIN_LENGTH) return { kind: 'bad-pin' };
      const digits = new PinDigits();
      for (let i = OK.length; i < n; i++) {
        if (!digits.push(this.line[i] as number)) {
          digits.wipe();
          return { kind: 'bad-pin' };
        }
      }
      return { kind: 'ok', digits };
    }
    if (this.is(CANCEL)) return { kind: 'cancel' };
    if (this.is(TIMEOUT)) return { kind: 'timeout' };
    if (this.startsWith(ERR) && (n === ERR.length || this.line[ERR.length] === 0x20)) return { kind: 'error', reason: 'the pad reported an error' };
    return undefined;
  }

  private startsWith(word: number[]): boolean {
    if (this.length < word.length) return false;
    return word.every((c, i) => this.line[i] === c);
  }

  private is(word: number[]): boolean {
    return this.length === word.length && this.startsWith(word);
  }
}
