/**
 * The refusals of the voucher area (voucher.md section 2) and of the trust
 * list (section 3), each with a cashier message in Chinese and English.
 *
 * @module
 */
import { defineErrors } from '../lib/errors.js';

const catalogue = {
  VOUCHER_TOO_LONG: { zh: '二维码过长，不是医保电子凭证，请让顾客在医保码页面重新出示', en: 'Too long to be a voucher; ask the customer to show the insurance code page again' },
  VOUCHER_MALFORMED: { zh: '不是有效的医保电子凭证，请让顾客在医保码页面重新出示', en: 'Not a valid voucher; ask the customer to show the insurance code page again' },
  VOUCHER_BAD_HEADER: { zh: '凭证格式不被接受，请让顾客从官方医保码重新出示，或自费支付', en: 'The voucher format is not accepted; ask for the code from an official app, or pay cash' },
  VOUCHER_UNKNOWN_KEY: { zh: '凭证签发方不受信任，请让顾客从官方医保码重新出示；如反复出现请联系技术人员更新信任列表', en: 'Signed by an unknown issuer; ask for the code from an official app, and call a technician to update the trust list if it recurs' },
  VOUCHER_KEY_REVOKED: { zh: '凭证签发密钥已吊销，请让顾客刷新医保码后重新出示，或自费支付', en: 'Signed by a revoked key; ask the customer to refresh the code, or pay cash' },
  VOUCHER_KEY_EXPIRED: { zh: '凭证签发密钥不在有效期内，请核对终端时间，或让顾客刷新医保码', en: 'Signed by a key outside its validity; check the terminal clock, or ask the customer to refresh the code' },
  VOUCHER_ISSUER_MISMATCH: { zh: '凭证签发方与密钥不符，请让顾客从官方医保码重新出示，或自费支付', en: 'The issuer does not match its key; ask for the code from an official app, or pay cash' },
  VOUCHER_BAD_SIGNATURE: { zh: '凭证签名无效，可能被篡改，请让顾客从官方医保码重新出示，或自费支付', en: 'Invalid signature, possibly tampered; ask for the code from an official app, or pay cash' },
  VOUCHER_BAD_CLAIMS: { zh: '凭证内容不完整，请让顾客刷新医保码后重新出示', en: 'The voucher content is incomplete; ask the customer to refresh the code' },
  VOUCHER_BAD_LIFETIME: { zh: '凭证有效期超过60秒，不被接受，请让顾客刷新医保码', en: 'The voucher lives longer than 60 seconds; ask the customer to refresh the code' },
  VOUCHER_EXPIRED: { zh: '凭证已过期，请让顾客刷新付款码', en: 'The voucher has expired; ask the customer to refresh the code' },
  VOUCHER_NOT_YET_VALID: { zh: '凭证尚未生效，请核对终端时间', en: 'The voucher is not valid yet; check the terminal clock' },
  VOUCHER_FROZEN: { zh: '该医保电子凭证已冻结，请本人在国家医保APP解冻后再试，或自费支付', en: 'This credential is frozen; the owner unfreezes it in the national insurance app, or pays cash' },
  VOUCHER_WRONG_USE: { zh: '这是身份码，不能用于支付，请让顾客出示医保付款码', en: 'This is an identity code; ask the customer for the payment code' },
  VOUCHER_REPLAYED: { zh: '该码已使用，请让顾客刷新付款码', en: 'This code was already used; ask the customer to refresh it' },
  VOUCHER_REPLAY_STORE: { zh: '终端无法记录凭证使用情况，请联系技术人员', en: 'The terminal cannot record used codes; call a technician' },
  TRUST_EXPIRED: { zh: '信任列表已过期，请联网更新', en: 'The trust list has expired; connect to update it' },
  TRUST_ROLLBACK: { zh: '信任列表版本过旧，已拒绝，继续使用当前列表', en: 'The trust list is older than the stored one; the current list stays in use' },
  TRUST_BAD_SIGNATURE: { zh: '信任列表签名无效，已拒绝，请联系技术人员', en: 'The trust list signature is invalid; call a technician' },
  TRUST_MALFORMED: { zh: '信任列表格式错误，已拒绝，请联系技术人员', en: 'The trust list is malformed; call a technician' },
  TRUST_UNAVAILABLE: { zh: '没有可用的信任列表，请联网更新或联系技术人员；可先自费支付', en: 'No trust list is available; connect to update it or call a technician; meanwhile the customer can pay cash' },
} as const;

/**
 * The codes a `VoucherError` carries (`VOUCHER_EXPIRED`, `VOUCHER_REPLAYED`…; table in README).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export type VoucherErrorCode = keyof typeof catalogue;

/**
 * Every refusal of verifyVoucher, the trust list and the replay guard.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 *
 * @example
 * ```ts
 * import { verifyVoucher, VoucherError } from 'yibao-pos/voucher';
 * try {
 *   await verifyVoucher(qrText, { trust });
 * } catch (err) {
 *   if (VoucherError.is(err) && err.code === 'VOUCHER_EXPIRED') console.log(err.messages.zh);
 * }
 * ```
 */
export const VoucherError = defineErrors<VoucherErrorCode>('VoucherError', catalogue);
export type VoucherError = InstanceType<typeof VoucherError>;

/** The catalogue, for documentation and the CLI. */
export const voucherErrorMessages = catalogue;
