/**
 * The events a terminal emits. Payloads never carry a PIN, PIN block or key.
 *
 * @module
 */
import type { Settlement } from '../gateway/types.js';
import type { YibaoError } from '../lib/errors.js';
import type { Scan } from '../scanner/scan.js';
import type { VerifiedBy } from './online-voucher.js';
import type { Receipt } from './receipt.js';
import type { RecoveredSale } from './recovered.js';
import type { PausedEvent, ResumedEvent } from './scanner-pause.js';
import type { SaleState } from './states.js';

/**
 * What the cashier's screen shows once a voucher verified.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface VoucherShown {
  role: 'patient' | 'payer';
  /** Masked name (`nm`), masked id number (`idm`). */
  name?: string;
  idMasked?: string;
  sub: string;
  region: string;
  crossRegion: boolean;
  channel: string;
  /** Family account: the guardian's credential id (`act.sub`). */
  guardianSub?: string;
  /** `offline`: a signed voucher checked on the terminal; `online`: a national code decoded by the platform. */
  verifiedBy: VerifiedBy;
  /** False when a voucher was scanned with no sale open: shown, not used. */
  consumed: boolean;
}

/**
 * What the terminal asks for: the payer's voucher (mutual aid) or the PIN, with the amount and tries left.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export type Prompt =
  | { kind: 'payer-voucher' }
  | { kind: 'pin'; amountFen: number; payerName?: string; attempt: number; triesLeft?: number };

/**
 * The events a `Terminal` emits, for the cashier's screen; payloads never carry a PIN, PIN block or key.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface TerminalEvents {
  state: (e: { saleId: string; state: SaleState }) => void;
  scan: (scan: Scan) => void;
  voucher: (v: VoucherShown) => void;
  presettle: (e: { saleId: string; preview: Settlement }) => void;
  prompt: (e: { saleId: string } & Prompt) => void;
  receipt: (r: Receipt) => void;
  error: (e: { saleId?: string; error: YibaoError }) => void;
  /** A scanner was unplugged: show `messages` (扫码枪已断开…); the open sale is kept and waits. */
  paused: (e: PausedEvent) => void;
  /** The scanner is back: scanning goes on where it stopped. */
  resumed: (e: ResumedEvent) => void;
  /** An item code scanned while a sale is open, and where it went. */
  item: (e: { saleId: string; code: string; attached: 'item' | 'trace' | 'unpriced' }) => void;
  /**
   * A sale (or cancel) whose fate recovery settled at start, or whose
   * reversal pending at start was acknowledged later: never silent. `paid`
   * carries the receipt the cashier never saw.
   */
  recovered: (sale: RecoveredSale) => void;
}
