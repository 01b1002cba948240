/**
 * Refusals of the checkout itself. Refusals of the voucher, PIN, gateway and
 * journal areas pass through unchanged: they carry their own codes and
 * cashier messages.
 *
 * @module
 */
import { defineErrors } from '../lib/errors.js';

/**
 * The refusals of the sale itself (`CHECKOUT_CANCELLED`, `CHECKOUT_NO_ITEMS`…); refusals of the voucher, PIN, gateway and journal pass through with their own codes.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 *
 * @example
 * ```ts
 * import { CheckoutError } from 'yibao-pos/checkout';
 * try {
 *   await terminal.checkout({ signal });
 * } catch (err) {
 *   if (CheckoutError.is(err) && err.code === 'CHECKOUT_CANCELLED') console.log('nothing charged');
 * }
 * ```
 */
export const CheckoutError = defineErrors('CheckoutError', {
  CHECKOUT_CANCELLED: {
    zh: '收银员已取消本次结算，未扣款',
    en: 'The cashier cancelled this sale; nothing was charged',
  },
  CHECKOUT_BUSY: {
    zh: '上一笔结算尚未结束，请稍候',
    en: 'Another sale is still open on this terminal; finish or cancel it first',
  },
  CHECKOUT_NOT_READY: {
    zh: '终端正在恢复未完成的交易，请稍候再试',
    en: 'The terminal is still finishing earlier transactions; try again shortly',
  },
  CHECKOUT_NO_ITEMS: {
    zh: '没有商品，请先扫描药品或输入金额',
    en: 'The sale has no items; scan the drugs or enter an amount',
  },
  CHECKOUT_AMOUNT_MISMATCH: {
    zh: '输入金额[ {amount} 元]与商品合计[ {items} 元]不符，请核对',
    en: 'The amount entered[ ({amount} yuan)] differs from the sum of the items[ ({items} yuan)]; check them',
  },
  CHECKOUT_BAD_ITEM: {
    zh: '商品数量或单价无效，请核对',
    en: 'An item has an invalid quantity or price; check it',
  },
  CHECKOUT_TRACE_BATCH_MISSING: {
    zh: '扫描了追溯码的商品缺少生产批号、生产日期或有效期，请补录后再收款',
    en: 'An item with a traceability code lacks its lot, production date or expiry date; enter them before taking the payment',
  },
  CHECKOUT_SAME_PAYER: {
    zh: '共济支付需扫描另一位家庭成员的医保码',
    en: "Mutual aid needs the family member's own code, not the patient's again",
  },
  CHECKOUT_ONLINE_VOUCHER_UNSUPPORTED: {
    zh: '本终端的医保接口不支持在线解码医保码，请让顾客出示离线医保码或自费支付',
    en: 'This gateway cannot decode national voucher codes online; ask for an offline code or take cash',
  },
  CHECKOUT_PIN_KEY_MISSING: {
    zh: '信任列表缺少密码加密公钥，请联系技术支持',
    en: 'The trust list has no PIN encryption key; call technical support',
  },
  CHECKOUT_ILLEGAL_MOVE: {
    zh: '结算流程出现异常步骤，本笔已停止，请联系技术支持',
    en: 'The sale tried a step its lifecycle does not allow and was stopped; call technical support',
  },
});
export type CheckoutError = InstanceType<typeof CheckoutError>;
/**
 * The codes a `CheckoutError` carries.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export type CheckoutErrorCode = CheckoutError['code'];
