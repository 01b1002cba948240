/**
 * The refusals of the voucher area (voucher.md section 2) and of the trust
 * list (section 3), each with a cashier message in Chinese and English.
 *
 * @module
 */
import { defineErrors } from '../lib/errors.js';

const catalogue = {
  VOUCHER_TOO_LONG: { zh: '二维码过长，不是有效的医保电子凭证', en: 'The code is too long to be a voucher' },
  VOUCHER_MALFORMED: { zh: '不是有效的医保电子凭证二维码', en: 'This is not a valid voucher code' },
  VOUCHER_BAD_HEADER: { zh: '凭证格式不被接受', en: 'The voucher uses a format that is not accepted' },
  VOUCHER_UNKNOWN_KEY: { zh: '凭证签发方不受信任，请更新信任列表或换码', en: 'The voucher was signed by an unknown key' },
  VOUCHER_KEY_REVOKED: { zh: '凭证签发密钥已被吊销', en: 'The voucher was signed by a revoked key' },
  VOUCHER_KEY_EXPIRED: { zh: '凭证签发密钥不在有效期内', en: 'The voucher was signed by a key outside its validity' },
  VOUCHER_ISSUER_MISMATCH: { zh: '凭证签发方与密钥不符', en: 'The voucher issuer does not match its key' },
  VOUCHER_BAD_SIGNATURE: { zh: '凭证签名无效，可能被篡改', en: 'The voucher signature is invalid' },
  VOUCHER_BAD_CLAIMS: { zh: '凭证内容不完整或格式错误', en: 'The voucher content is missing or malformed' },
  VOUCHER_BAD_LIFETIME: { zh: '凭证有效期超过60秒，不被接受', en: 'The voucher lives longer than 60 seconds' },
  VOUCHER_EXPIRED: { zh: '凭证已过期，请让顾客刷新付款码', en: 'The voucher has expired; ask the customer to refresh the code' },
  VOUCHER_NOT_YET_VALID: { zh: '凭证尚未生效，请核对终端时间', en: 'The voucher is not valid yet; check the terminal clock' },
  VOUCHER_FROZEN: { zh: '该医保电子凭证已冻结', en: 'This insurance credential is frozen' },
  VOUCHER_WRONG_USE: { zh: '这是身份码，不能用于支付，请出示付款码', en: 'This is an identity code; ask for the payment code' },
  VOUCHER_REPLAYED: { zh: '该码已使用，请让顾客刷新付款码', en: 'This code was already used; ask the customer to refresh it' },
  VOUCHER_REPLAY_STORE: { zh: '终端无法记录凭证使用情况，请联系技术人员', en: 'The terminal cannot record used codes; call a technician' },
  TRUST_EXPIRED: { zh: '信任列表已过期，请联网更新', en: 'The trust list has expired; connect to update it' },
  TRUST_ROLLBACK: { zh: '信任列表版本过旧，已拒绝', en: 'The trust list is older than the stored one' },
  TRUST_BAD_SIGNATURE: { zh: '信任列表签名无效', en: 'The trust list signature is invalid' },
  TRUST_MALFORMED: { zh: '信任列表格式错误', en: 'The trust list is malformed' },
  TRUST_UNAVAILABLE: { zh: '没有可用的信任列表', en: 'No trust list is available' },
} as const;

export type VoucherErrorCode = keyof typeof catalogue;

/** Every refusal of verifyVoucher, the trust list and the replay guard. */
export const VoucherError = defineErrors<VoucherErrorCode>('VoucherError', catalogue);
export type VoucherError = InstanceType<typeof VoucherError>;

/** The catalogue, for documentation and the CLI. */
export const voucherErrorMessages = catalogue;
