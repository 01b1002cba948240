/**
 * QR rendering for `yibao-pos issue`: a terminal drawing and a PNG file,
 * with the `qrcode` package (error correction M, as spec section 1 sizes it).
 * `qrcode` is an optional peer dependency (only the simulator draws codes),
 * loaded on first use: without it these refuse with OPTIONAL_MODULE_MISSING.
 *
 * @module
 */
import type QRCodeModule from 'qrcode';
import { loadOptional } from '../../lib/native.js';

const qrcode = () => loadOptional<typeof QRCodeModule>('qrcode', 'npm install qrcode');

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
export async function qrForTerminal(text: string): Promise<string> {
  return (await qrcode()).toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
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
  await (await qrcode()).toFile(file, text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
}
