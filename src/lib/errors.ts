/**
 * The one base class of every refusal the SDK makes. Callers branch on `code`
 * (stable, `<AREA>_<WHAT>`); `messages` holds what the cashier reads, in
 * Chinese and English. Secrets never go into a message, `details` or `cause`.
 *
 * @module
 *
 * Exported from `yibao-pos`.
 */

export interface Messages {
  readonly zh: string;
  readonly en: string;
}

/**
 * Options of every typed error: the underlying `cause` and small non-secret `details`.
 *
 * Exported from `yibao-pos`.
 */
export interface YibaoErrorOptions {
  /** The underlying failure (SQLite, serialport, fetch…), never one carrying a secret. */
  cause?: unknown;
  /** Small, non-secret facts a caller may branch on (tries left, a path…). */
  details?: Record<string, unknown>;
}

const BRAND = Symbol.for('yibao-pos.error');

/**
 * The base class of every typed refusal of the SDK: a stable `code`, cashier `messages` in Chinese and English, non-secret `details`. Match on `code`; `YibaoError.is` works across duplicate copies of the package.
 *
 * Exported from `yibao-pos`.
 *
 * @example
 * ```ts
 * import { YibaoError } from 'yibao-pos';
 * try {
 *   await terminal.checkout({ amountFen: 880 });
 * } catch (err) {
 *   if (YibaoError.is(err)) console.error(err.code, err.messages.zh);
 * }
 * ```
 */
export class YibaoError<C extends string = string> extends Error {
  readonly code: C;
  readonly messages: Messages;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: C, messages: Messages, options: YibaoErrorOptions = {}) {
    super(`${code}: ${messages.en}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.messages = messages;
    this.details = Object.freeze({ ...(options.details ?? {}) });
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Works across duplicate copies of the package, unlike `instanceof`. */
  static is(value: unknown): value is YibaoError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** Plain data for logs and JSON output; `message` stays a string as on every Error. */
  toJSON(): { name: string; code: C; message: string; messages: Messages; details?: Record<string, unknown> } {
    const out: { name: string; code: C; message: string; messages: Messages; details?: Record<string, unknown> } = {
      name: this.name,
      code: this.code,
      message: this.message,
      messages: this.messages,
    };
    if (Object.keys(this.details).length > 0) out.details = { ...this.details };
    return out;
  }
}

/** What a log line or an outbox row records of a failure: its code when typed, else the error's name. */
export const errorCode = (err: unknown): string => (YibaoError.is(err) ? err.code : err instanceof Error ? err.name : 'ERROR');

/** A catalogue maps each code of an area to its cashier messages. */
export type Catalogue<C extends string> = { readonly [K in C]: Messages };

/**
 * Fills `{name}` in a catalogue message from the error's details (tries left,
 * amounts), so the cashier reads the number and not "see the screen". A
 * placeholder without its detail is dropped with the clause around it, marked
 * by `[…]`: `'密码错误[，还可尝试 {triesLeft} 次]'`.
 */
export function fillMessages(messages: Messages, details: Record<string, unknown> | undefined): Messages {
  const fill = (template: string): string =>
    template
      .replace(/\[([^\]]*)\]/g, (_all, clause: string) => {
        const names = [...clause.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
        return names.every((n) => details?.[n] !== undefined) ? clause : '';
      })
      .replace(/\{(\w+)\}/g, (all, n: string) => (details?.[n] === undefined ? all : String(details[n])));
  return { zh: fill(messages.zh), en: fill(messages.en) };
}

/**
 * Makes the error class of one area: `new VoucherError('VOUCHER_EXPIRED')`
 * takes its messages from the catalogue, so a code never ships without them.
 */
export function defineErrors<C extends string>(name: string, catalogue: Catalogue<C>) {
  class AreaError extends YibaoError<C> {
    /** Every code of the area with its messages (the error-code index is made from these). */
    static readonly catalogue: Catalogue<C> = catalogue;

    constructor(code: C, options: YibaoErrorOptions = {}) {
      super(code, fillMessages(catalogue[code], options.details), options);
      this.name = name;
    }
  }
  Object.defineProperty(AreaError, 'name', { value: name });
  return AreaError;
}
