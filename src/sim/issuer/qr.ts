/**
 * QR rendering for `yibao-pos issue`: a terminal drawing and a PNG file,
 * with the `qrcode` package (error correction M, as spec section 1 sizes it).
 *
 * @module
 */
import QRCode from 'qrcode';

/**
 * The QR drawn with half-block characters, for a terminal.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param text The text to encode (a voucher code).
 *
 * @example
 * ```ts
 * import { issueVoucher, qrForTerminal } from 'yibao-pos/sim';
 * console.log(await qrForTerminal(await issueVoucher({ key, iss: 'nhsa', sub: 'ABCDEFGH12' })));
 * ```
 */
export function qrForTerminal(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}

/**
 * Writes the QR as a PNG image.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param file The PNG file to write.
 * @param text The text to encode.
 *
 * @example
 * ```ts
 * import { writeQrPng } from 'yibao-pos/sim';
 * await writeQrPng('voucher.png', qrText);
 * ```
 */
export async function writeQrPng(file: string, text: string): Promise<void> {
  await QRCode.toFile(file, text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
}
