/**
 * Refusals of PIN entry. Messages never hold the PIN or any of its digits;
 * `details` carries only non-secret facts (tries left, a device path).
 *
 * @module
 */
import { defineErrors } from '../lib/errors.js';

/**
 * The PIN area's refusals (`PIN_CANCELLED`, `PIN_TIMEOUT`, `PIN_NO_TTY`…).
 *
 * Exported from `yibao-pos`, `yibao-pos/pin` and `yibao-pos/pin/seal`.
 *
 * @example
 * ```ts
 * import { PinError } from 'yibao-pos/pin';
 * try {
 *   await terminal.checkout(request);
 * } catch (err) {
 *   if (PinError.is(err) && err.code === 'PIN_CANCELLED') console.log('the payer cancelled');
 * }
 * ```
 */
export const PinError = defineErrors('PinError', {
  PIN_CANCELLED: {
    zh: '付款人取消了密码输入',
    en: 'The payer cancelled PIN entry',
  },
  PIN_TIMEOUT: {
    zh: '密码输入超时，请重新发起支付',
    en: 'PIN entry timed out; start the payment again',
  },
  PIN_NO_TTY: {
    zh: '当前输入不是终端，无法安全输入密码；请接密码键盘，或在自动化测试中使用 --pin-stdin',
    en: 'Standard input is not a terminal, so the PIN cannot be typed safely; use a PIN device, or --pin-stdin for automation/testing',
  },
  PIN_FORMAT: {
    zh: '医保支付密码必须是 6 位数字',
    en: 'The insurance PIN must be exactly 6 digits',
  },
  PIN_DEVICE: {
    zh: '密码键盘故障，请检查连接后重试',
    en: 'The PIN pad failed; check its connection and retry',
  },
  PIN_WRONG: {
    zh: '医保支付密码错误[，还可尝试 {triesLeft} 次]',
    en: 'Wrong insurance PIN[; tries left: {triesLeft}]',
  },
  PIN_LOCKED: {
    zh: '医保支付密码已锁定，本次无法使用医保支付，请到医保经办机构或在国家医保APP中重置密码',
    en: 'The insurance PIN is locked; this sale cannot be paid by insurance. Reset the PIN at the insurance office or in the national medical-insurance app',
  },
});
export type PinError = InstanceType<typeof PinError>;

/**
 * `details.reason` of the `PIN_CANCELLED` a scripted PIN source gives when it
 * runs out of lines (end of `--pin-stdin`): no payer pressed cancel.
 */
export const PIN_INPUT_ENDED = 'end of scripted PIN input';

/**
 * The codes a `PinError` carries.
 *
 * Exported from `yibao-pos`, `yibao-pos/pin` and `yibao-pos/pin/seal`.
 */
export type PinErrorCode = PinError['code'];
