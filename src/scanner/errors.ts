/**
 * The scanner area's refusals. `SCAN_DISCONNECTED` is flagged `disconnected`
 * (like serialport's DisconnectedError) so checkout can pause, not fail.
 *
 * @module
 */
import { defineErrors } from '../lib/errors.js';

/**
 * The scanner area's errors (`SCAN_OPEN_FAILED`, `SCAN_DISCONNECTED`, `SCAN_TOO_LONG`…).
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { ScannerError } from 'yibao-pos/scanner';
 * scanner.on('error', (err) => {
 *   if (err.code === 'SCAN_TOO_LONG') console.warn(err.messages.en);
 * });
 * ```
 */
export const ScannerError = defineErrors('ScannerError', {
  SCAN_TOO_LONG: { zh: '扫码数据过长，已丢弃，请重新扫码', en: 'Scan too long; it was discarded, scan again' },
  SCAN_DISCONNECTED: { zh: '扫码枪已断开，请检查连接', en: 'Scanner disconnected; check the cable' },
  SCAN_OPEN_FAILED: { zh: '无法打开扫码枪', en: 'Could not open the scanner' },
  SCAN_CLAIMED: { zh: '扫码枪已被其他程序占用', en: 'The scanner is claimed by another user' },
  SCAN_STATE: { zh: '扫码枪状态不允许此操作', en: 'The scanner is not in a state that allows this' },
  SCAN_DEVICE_NOT_FOUND: { zh: '未找到扫码枪', en: 'No such scanner found' },
  SCAN_BAD_REPORT: { zh: '扫码枪数据格式错误', en: 'Malformed report from the scanner' },
  SCAN_SOCAT_MISSING: { zh: '缺少 socat，无法创建虚拟串口', en: 'socat is missing; cannot make a virtual serial port' },
  SCAN_IMAGE_NO_CODE: { zh: '图像中未找到二维码', en: 'No QR code found in the image' },
  SCAN_IMAGE_FORMAT: { zh: '不支持的图像格式', en: 'Unsupported image format' },
});
export type ScannerError = InstanceType<typeof ScannerError>;
/**
 * The codes a `ScannerError` carries.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type ScannerErrorCode = ScannerError['code'];

/**
 * True for the error an unplugged scanner raises: pause, wait for `attach`.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @param err Any error or value.
 *
 * @example
 * ```ts
 * import { isDisconnected } from 'yibao-pos/scanner';
 * scanner.on('error', (err) => {
 *   if (isDisconnected(err)) console.log('scanner unplugged; it will be reopened');
 * });
 * ```
 */
export const isDisconnected = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { disconnected?: unknown }).disconnected === true;

/** `SCAN_DISCONNECTED` with the `disconnected` flag set. */
export function disconnectedError(source: string, cause?: unknown): ScannerError {
  const err = new ScannerError('SCAN_DISCONNECTED', { cause, details: { source } });
  Object.defineProperty(err, 'disconnected', { value: true, enumerable: true });
  return err;
}
