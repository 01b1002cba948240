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
  SCAN_DISCONNECTED: { zh: '扫码枪已断开，请检查连接；重新插好后自动恢复', en: 'Scanner disconnected; check the cable. It resumes by itself once plugged back in' },
  SCAN_OPEN_FAILED: { zh: '无法打开扫码枪，详见原因', en: 'Could not open the scanner; see the cause' },
  SCAN_PATH_MISSING: { zh: '扫码枪端口不存在：请检查连接线和端口名（yibao-pos devices 可列出端口）', en: 'No such scanner port: check the cable and the port name (`yibao-pos devices` lists them)' },
  SCAN_NOT_A_TTY: { zh: '该路径不是串口设备，请填写扫码枪的串口（如 /dev/ttyACM0）', en: 'That path is not a serial device; give the scanner port (e.g. /dev/ttyACM0)' },
  SCAN_PERMISSION_DENIED: { zh: '无权限打开扫码枪：请将用户加入 dialout 组或添加 udev 规则', en: 'Permission denied on the scanner port: add the user to the dialout group, or add a udev rule' },
  SCAN_PORT_BUSY: { zh: '扫码枪端口被其他程序占用，请先关闭该程序', en: 'The scanner port is in use by another program; close that program first' },
  SCAN_UNPLUGGED: { zh: '扫码枪未连接（设备已拔出），请插好后重试', en: 'The scanner is not connected (unplugged); plug it in and retry' },
  SCAN_LAYOUT_UNKNOWN: { zh: '不支持该键盘布局，请选择 us、de、fr 或 uk，或将扫码枪设为美式键盘', en: 'Unknown keyboard layout; use us, de, fr or uk, or set the scanner to US keyboard' },
  SCAN_LAYOUT_MISMATCH: { zh: '扫码枪键盘布局与设置不符，已丢弃此码，请核对布局后重新扫码', en: "The scanner's keyboard layout does not match the setting; the scan was dropped. Check the layout and scan again" },
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
  const err = new ScannerError('SCAN_DISCONNECTED', { cause, details: { source, fix: 'check the cable; the scanner is reopened by itself when it is back' } });
  Object.defineProperty(err, 'disconnected', { value: true, enumerable: true });
  return err;
}
