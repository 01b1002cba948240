/**
 * yibao-pos/checkout: the sale as a state machine over the other areas,
 * `createTerminal`, receipts. Re-exports only.
 *
 * @module yibao-pos/checkout
 */
export { createTerminal, Terminal } from './terminal.js';
export type { TerminalConfig } from './terminal.js';
export type { CheckoutRequest } from './sale.js';
export type { SaleState } from './states.js';
export { FINAL_STATES } from './states.js';
export type { TerminalEvents, VoucherShown, Prompt } from './events.js';
export type { PausedEvent, ResumedEvent } from './scanner-pause.js';
export type { Receipt, ReceiptParty } from './receipt.js';
export { formatReceipt } from './receipt-text.js';
export type { ReceiptTextOptions } from './receipt-text.js';
export type { ColumnEncoding } from './text-width.js';
export { receiptEscPos } from './escpos.js';
export type { EscPosReceiptOptions } from './escpos.js';
export { CheckoutError } from './errors.js';
export type { SaleVoucher, VerifiedBy, NationalCodeOption } from './online-voucher.js';
export { saleLines, basketLine } from './items.js';
export type { BasketLine } from './items.js';
export type { RecoveredSale } from './recovered.js';
export type { CheckoutErrorCode } from './errors.js';
