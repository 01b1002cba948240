/**
 * The kiosk session: one terminal, one customer at a time. It turns the
 * page's requests (a code read, a sealed PIN block, 取消) into terminal
 * calls, and the terminal's events into the one `KioskView` the page
 * renders. Abandoning a sale at any step aborts it: before 2102 nothing is
 * booked; while 2102 is in flight the journal reverses it.
 *
 * Lifecycle: idle → (a code is read) sale → paid | refused → idle, after
 * `idleMs` without the customer, or at once on 取消 / 完成.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { classifyScan, createTerminal, Scanner, VOUCHER_PREFIX, type Logger, type SaleItem, type Terminal, type TerminalConfig } from 'yibao-pos';
import type { KioskView, Mode, Screen } from '../api.js';
import { KioskError } from './errors.js';
import { PageCameraBinding } from './page-camera-binding.js';
import { PagePinPad, type PagePrompt } from './page-pin-pad.js';
import { basketView, personView, promptView, receiptView, refusalView, splitView } from './view.js';

/** setTimeout/clearTimeout, injectable so tests move time themselves. */
export interface KioskTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimer: KioskTimer = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface KioskOptions {
  /** The terminal's configuration without scanners and PIN pad (the page is both). */
  terminal: Omit<TerminalConfig, 'pinPad' | 'scanners'>;
  basket: readonly SaleItem[];
  /** Back to idle after this long without the customer, default 30 s. */
  idleMs?: number;
  timer?: KioskTimer;
  logger?: Logger;
}

/** Every screen but idle has its timer: nothing (a code that never settles, a gateway that never answers) can hold the kiosk. */
const TIMED: ReadonlySet<Screen> = new Set(['checking', 'payer', 'pin', 'paying', 'paid', 'refused']);

/**
 * What identifies a code for de-duplication: a voucher's `jti` (its two
 * signature forms, or re-encodings, are one voucher), else the text.
 */
export function codeKey(text: string): string {
  if (!text.startsWith(VOUCHER_PREFIX)) return text;
  try {
    const payload = JSON.parse(Buffer.from(text.slice(VOUCHER_PREFIX.length).split('.')[1] ?? '', 'base64url').toString('utf8')) as { jti?: unknown };
    return typeof payload.jti === 'string' ? `jti:${payload.jti}` : text;
  } catch {
    return text;
  }
}

/** Only a payment code is taken from the customer's camera: a `YBV1:` voucher or a national voucher code (never a drug's trace code). */
export const isVoucherText = (text: string): boolean => ['voucher', 'national'].includes(classifyScan(text));
/** What the customer reads after leaving a payment in flight (docs/kiosk.md: the screen says not paid). */
const NOT_PAID = {
  code: 'KIOSK_NOT_PAID',
  zh: '本笔未支付：已取消，扣款将自动冲正退回，请到柜台确认',
  en: 'Not paid: cancelled; any charge is reversed automatically, please check at the counter',
  nothingCharged: false,
} as const;

/** Longest code accepted from the page (a voucher is at most 512 bytes; drug codes are short). */
const MAX_SCAN_CHARS = 2048;

interface OpenSale {
  controller: AbortController;
  done: Promise<void>;
  patientKey: string;
  abandoned: boolean;
}

export class Kiosk extends EventEmitter<{ view: (v: KioskView) => void }> {
  private state: KioskView;
  private sale: OpenSale | undefined;
  private idleHandle: unknown;
  private readonly idleMs: number;
  private readonly timer: KioskTimer;

  private constructor(
    private readonly terminal: Terminal,
    private readonly binding: PageCameraBinding,
    private readonly pinPad: PagePinPad,
    private readonly options: KioskOptions,
  ) {
    super();
    this.idleMs = options.idleMs ?? 30_000;
    this.timer = options.timer ?? systemTimer;
    this.state = this.idleView('self', 0);
    this.listen();
  }

  /** Opens the terminal (recovery, sign-in) with the page as its scanner and PIN pad. */
  static async open(options: KioskOptions): Promise<Kiosk> {
    const binding = new PageCameraBinding();
    let kiosk: Kiosk | undefined;
    const pinPad = new PagePinPad((prompt) => kiosk?.onPrompt(prompt));
    const scanner = new Scanner({ binding, framing: { suffix: 'lf', aim: 'never', maxLength: MAX_SCAN_CHARS * 4 }, reopen: false });
    const terminal = await createTerminal({ ...options.terminal, scanners: [scanner], pinPad });
    kiosk = new Kiosk(terminal, binding, pinPad, options);
    return kiosk;
  }

  get view(): KioskView {
    return this.state;
  }

  /** A code the page read from its camera. Starts a sale on idle; is the payer's code when asked for. */
  async scan(text: unknown): Promise<void> {
    if (typeof text !== 'string' || text === '' || text.length > MAX_SCAN_CHARS || /[\x00-\x1f\x7f]/.test(text)) {
      throw new KioskError('KIOSK_BAD_REQUEST', { field: 'text' });
    }
    // Anything else the camera sees (a web address, a drug box's trace code) is refused at once: no sale starts, the camera keeps reading.
    if (!isVoucherText(text)) throw new KioskError('KIOSK_NOT_A_VOUCHER');
    this.touch();
    if (this.state.screen === 'payer') {
      // The patient's phone may still be in front of the camera (the same voucher, whatever its text): not the payer's code.
      if (codeKey(text) !== this.sale?.patientKey) this.binding.push(text);
      return;
    }
    if (this.state.screen !== 'idle') throw new KioskError('KIOSK_BUSY', { screen: this.state.screen });
    this.startSale(text);
  }

  /** The page's sealed PIN block for prompt `id`. */
  pin(id: unknown, block: unknown): void {
    this.pinPad.answer(id, block);
    this.touch();
  }

  /** The mode of the next sale (only on idle). */
  mode(mode: unknown): void {
    if (mode !== 'self' && mode !== 'mutual-aid') throw new KioskError('KIOSK_BAD_REQUEST', { field: 'mode' });
    if (this.state.screen !== 'idle') throw new KioskError('KIOSK_BUSY', { screen: this.state.screen });
    this.set(this.idleView(mode, this.state.seq));
  }

  /** The customer is still there: restarts the idle timer. */
  activity(): void {
    this.touch();
  }

  /** 取消 (or 完成 on the result): abandons the sale at any step and goes back to idle at once. */
  cancel(): void {
    this.abandon('cancel');
  }

  async close(): Promise<void> {
    this.timer.clear(this.idleHandle);
    this.abandon('close');
    await this.sale?.done;
    await this.terminal.close();
  }

  private startSale(text: string): void {
    const mode = this.state.mode;
    const previous = this.sale;
    const sale: OpenSale = { controller: new AbortController(), patientKey: codeKey(text), abandoned: false, done: Promise.resolve() };
    this.sale = sale;
    this.set({ ...this.idleView(mode, this.state.seq), screen: 'checking' });
    sale.done = (async () => {
      // An abandoned sale may still be finishing (a reversal being journaled): the terminal takes one at a time.
      await previous?.done;
      if (sale.abandoned) return;
      const running = this.terminal.checkout({ items: this.options.basket.map((i) => ({ ...i })), mutualAid: mode === 'mutual-aid', signal: sale.controller.signal });
      // The terminal's sale is open now: the code goes to its voucher queue like any scanner's.
      this.binding.push(text);
      try {
        const receipt = await running;
        if (!sale.abandoned) this.set({ ...this.state, screen: 'paid', receipt: receiptView(receipt, this.state.patient, this.state.payer), pin: undefined });
      } catch (err) {
        this.log('info', 'sale ended', { code: (err as { code?: string }).code ?? 'unknown' });
        if (!sale.abandoned) this.set({ ...this.state, screen: 'refused', error: refusalView(err), pin: undefined });
      }
    })().finally(() => {
      if (this.sale === sale) this.sale = undefined;
    });
  }

  private abandon(why: string): void {
    const sale = this.sale;
    // Left while 2102 is in flight: the journal reverses it; the customer is told "not paid", not sent back to idle as if nothing happened.
    if (sale && !sale.abandoned && this.state.screen === 'paying') {
      sale.abandoned = true;
      this.log('info', 'sale abandoned', { why, saleState: this.terminal.saleState ?? 'none' });
      sale.controller.abort();
      this.pinPad.cancel();
      this.set({ ...this.state, screen: 'refused', pin: undefined, error: NOT_PAID });
      return;
    }
    if (sale && !sale.abandoned) {
      sale.abandoned = true;
      this.log('info', 'sale abandoned', { why, saleState: this.terminal.saleState ?? 'none' });
      sale.controller.abort();
      this.pinPad.cancel();
    }
    // The next customer starts with their own account; mutual aid is chosen again on the idle screen.
    if (this.state.screen !== 'idle') this.set(this.idleView('self', this.state.seq));
  }

  /** Waits for an abandoned sale to finish before the next one (the terminal takes one at a time). */
  async settled(): Promise<void> {
    await this.sale?.done;
  }

  private listen(): void {
    const t = this.terminal;
    const live = () => this.sale !== undefined && !this.sale.abandoned;
    t.on('state', ({ state }) => {
      if (!live()) return;
      const screen: Screen | undefined =
        state === 'waiting_payer_voucher' ? 'payer' : state === 'settling' ? 'paying' : state === 'pre_settling' ? 'checking' : undefined;
      this.set({ ...this.state, saleState: state, ...(screen ? { screen } : {}) });
    });
    t.on('voucher', (v) => {
      if (!live() || !v.consumed) return;
      this.set({ ...this.state, ...(v.role === 'patient' ? { patient: personView(v) } : { payer: personView(v) }) });
    });
    t.on('presettle', ({ preview }) => {
      if (live()) this.set({ ...this.state, split: splitView(preview) });
    });
  }

  private onPrompt(prompt: PagePrompt | undefined): void {
    if (!prompt) {
      if (this.state.pin) this.set({ ...this.state, pin: undefined });
      return;
    }
    if (this.sale?.abandoned) return;
    this.set({ ...this.state, screen: 'pin', pin: promptView(prompt) });
  }

  private idleView(mode: Mode, seq: number): KioskView {
    return { seq, screen: 'idle', mode, basket: basketView(this.options.basket), idleSeconds: Math.round(this.idleMs / 1000) };
  }

  private set(next: KioskView): void {
    const view: KioskView = { ...next, seq: this.state ? this.state.seq + 1 : next.seq + 1 };
    for (const k of Object.keys(view) as Array<keyof KioskView>) if (view[k] === undefined) delete view[k];
    this.timer.clear(this.idleHandle);
    this.idleHandle = undefined;
    if (TIMED.has(view.screen)) this.idleHandle = this.timer.set(() => this.abandon('timeout'), this.idleMs);
    this.state = view;
    this.emit('view', view);
  }

  /** Restarts the idle timer without a new view. */
  private touch(): void {
    if (!this.idleHandle) return;
    this.timer.clear(this.idleHandle);
    this.idleHandle = this.timer.set(() => this.abandon('timeout'), this.idleMs);
  }

  private log(level: 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    this.options.logger?.log(level, message, fields);
  }
}
