/**
 * The kiosk's one small API, shared by the local service and its page.
 *
 *   GET  /api/events    server-sent events: `view` (a KioskView) on every change
 *   GET  /api/view      the current KioskView
 *   POST /api/scan      ScanBody: a code the page read from its camera
 *   POST /api/pin       PinBody: the PIN block the page sealed (never the PIN)
 *   POST /api/mode      ModeBody: the next sale is the patient's own, or mutual aid
 *   POST /api/cancel    {}: 取消 at any step (abandons the sale, back to idle)
 *   POST /api/activity  {}: the customer is still there (restarts the idle timer)
 *
 * POST bodies are JSON (`Content-Type: application/json`); a refused request
 * answers 4xx with an ApiError. Types only: no runtime code, so the page's
 * bundle and the service both import it.
 *
 * @module
 */

/** What the customer sees; the page renders it and nothing else. */
export type Screen =
  /** Live camera, "请出示医保电子凭证". */
  | 'idle'
  /** A code was read: verifying it, asking the gateway for the split. */
  | 'checking'
  /** Mutual aid: waiting for the paying family member's code. */
  | 'payer'
  /** The split is known; the PIN keypad is up (see `pin`). */
  | 'pin'
  /** The sealed block left; waiting for the gateway. */
  | 'paying'
  /** 支付成功: receipt and balance after. */
  | 'paid'
  /** Refused, cancelled or not paid (reversal pending): `error` says why and what next. */
  | 'refused';

export type Mode = 'self' | 'mutual-aid';

export interface Money {
  fen: number;
  /** Exact decimal yuan, e.g. "26.80". */
  yuan: string;
}

export interface BasketLine {
  code: string;
  name: string;
  /** Quantity as the interface has it (`cnt`, up to 4 decimals: part packs). */
  qty: string;
  /** Unit price in yuan (`pric`, up to 6 decimals). */
  price: string;
  sum: Money;
}

export interface PersonShown {
  /** Masked name (`张*三`) when the voucher carries one. */
  name?: string;
  /** Credential id, masked for the screen (first 4 and last 4). */
  subMasked: string;
  region: string;
  crossRegion: boolean;
  channel: string;
}

/** The split after pre-settlement (2101): who pays what. */
export interface Split {
  total: Money;
  fund: Money;
  account: Money;
  mutualAid: Money;
  cash: Money;
}

/** What the page needs to seal the PIN block; the PIN itself never comes back. */
export interface PinPrompt {
  /** Answers name this prompt; a stale one is refused. */
  id: string;
  attempt: number;
  triesLeft?: number;
  amount: Money;
  payerName?: string;
  /** Sealed into the block (voucher.md §4). */
  jti: string;
  msgid: string;
  /** The trust list's `pinKey` (public JWK). */
  pinKey: Record<string, unknown>;
}

export interface ReceiptShown {
  time: string;
  pharmacy: string;
  setlId: string;
  total: Money;
  fund: Money;
  account: Money;
  mutualAid: Money;
  cash: Money;
  /** Balance after, of the account that paid (动账提醒). */
  balanceAfter: Money;
  patient: PersonShown;
  payer?: PersonShown;
}

/** A refusal in the SDK's own catalogue (the CLI prints the same messages). */
export interface Refusal {
  code: string;
  zh: string;
  en: string;
  /** True when nothing was charged; false: not paid, reversal pending. */
  nothingCharged: boolean;
}

export interface KioskView {
  /** Increases with every change. */
  seq: number;
  screen: Screen;
  /** The mode of the sale under way (or of the next one, on idle). */
  mode: Mode;
  /** The sale state as the terminal reports it, when a sale is open. */
  saleState?: string;
  basket: { lines: BasketLine[]; total: Money };
  patient?: PersonShown;
  payer?: PersonShown;
  split?: Split;
  pin?: PinPrompt;
  receipt?: ReceiptShown;
  error?: Refusal;
  /** Seconds without the customer after which the screen goes back to idle by itself. */
  idleSeconds: number;
}

export interface ScanBody {
  text: string;
}

export interface PinBody {
  /** PinPrompt.id */
  id: string;
  /** The compact JWE sealed in the page. */
  block: string;
}

export interface ModeBody {
  mode: Mode;
}

export interface ApiError {
  code: string;
  zh: string;
  en: string;
}

/** Server-sent event names. */
export type KioskEventName = 'view';
