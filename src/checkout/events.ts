/**
 * The events a terminal emits. Payloads never carry a PIN, PIN block or key.
 *
 * @module
 */
import type { Settlement } from '../gateway/types.js';
import type { YibaoError } from '../lib/errors.js';
import type { Scan } from '../scanner/scan.js';
import type { Receipt } from './receipt.js';
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
  /** An item code scanned while a sale is open, and where it went. */
  item: (e: { saleId: string; code: string; attached: 'item' | 'trace' | 'unpriced' }) => void;
}
