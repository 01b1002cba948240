/**
 * A receipt as ESC/POS bytes for a GBK/GB18030 thermal printer: initialise,
 * Chinese (double-byte) character mode, the text laid out with the printer's
 * own column rule (text-width.ts, `gb18030`) and encoded as GB18030 by
 * iconv-lite, then feed and cut. Write the bytes to the printer's device
 * (a USB printer class node, a serial port, or TCP port 9100).
 *
 * @module
 */
import iconv from 'iconv-lite';
import { formatReceipt, type ReceiptTextOptions } from './receipt-text.js';
import type { Receipt } from './receipt.js';

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;

/** ESC @: reset the printer to its defaults. */
const INIT = [ESC, 0x40];
/** FS &: Chinese character mode, so two-byte GB18030 codes print as one full-width glyph. */
const CHINESE_MODE = [FS, 0x26];
/** ESC d 4: feed four lines past the cutter; GS V 1: partial cut. */
const FEED_AND_CUT = [ESC, 0x64, 4, GS, 0x56, 0x01];

/**
 * Options of `receiptEscPos`: the receipt text options (the text is GB18030) and whether to cut the paper.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface EscPosReceiptOptions extends Omit<ReceiptTextOptions, 'encoding'> {
  /** Feed and cut after the receipt, default true (false for printers without a cutter). */
  cut?: boolean;
}

/**
 * The receipt as ESC/POS bytes in GB18030 (32 columns by default: 58 mm paper; 48 for 80 mm).
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 * @param receipt The sale's receipt.
 * @param options The receipt text options (width…) and whether to cut the paper.
 * @example
 * ```ts
 * import { receiptEscPos } from 'yibao-pos/checkout';
 * printer.write(receiptEscPos(receipt, { width: 32 }));
 * ```
 */
export function receiptEscPos(receipt: Receipt, options: EscPosReceiptOptions = {}): Uint8Array {
  const { cut = true, ...text } = options;
  const body = iconv.encode(formatReceipt(receipt, { ...text, encoding: 'gb18030' }), 'gb18030');
  return new Uint8Array(Buffer.concat([Buffer.from(INIT), Buffer.from(CHINESE_MODE), body, Buffer.from(cut ? FEED_AND_CUT : [])]));
}
