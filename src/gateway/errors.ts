/**
 * `GatewayError`: every refusal of the gateway area, with a stable code, the
 * cashier's zh/en message, and what the caller must branch on: whether the
 * outcome is known (`refused`: nothing was booked) or not (`unknown`: the
 * message may have been booked; reverse it by its msgid, never resend it under
 * a new one).
 *
 * @module
 */
import { YibaoError, type Catalogue, type YibaoErrorOptions } from '../lib/errors.js';

/** The spec's `err_code` values (gateway.md "Error codes"), plus `NOT_FOUND` of 5203. */
export const GATEWAY_ERR_CODES = [
  'SIGNATURE_INVALID',
  'SIGN_IN_REQUIRED',
  'DUPLICATE_MSGID',
  'VOUCHER_INVALID',
  'VOUCHER_REPLAYED',
  'NOT_ENROLLED',
  'INSURANCE_SUSPENDED',
  'CREDENTIAL_FROZEN',
  'PIN_WRONG',
  'PIN_LOCKED',
  'INSUFFICIENT_BALANCE',
  'NO_MUTUAL_AID_BINDING',
  'SETTLEMENT_NOT_FOUND',
  'ALREADY_CANCELLED',
  'NOT_FOUND',
  'TRACE_CODE_SOLD',
  'INTERNAL',
] as const;
/**
 * The `err_code`s the gateway answers with (gateway.md), without the `GATEWAY_` prefix.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type GatewayErrCode = (typeof GATEWAY_ERR_CODES)[number];

/**
 * Codes the client itself raises.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type GatewayClientCode =
  | 'GATEWAY_UNKNOWN_OUTCOME'
  | 'GATEWAY_UNREACHABLE'
  | 'GATEWAY_UNAUTHORIZED'
  | 'GATEWAY_REFUSED'
  | 'GATEWAY_AMOUNT_INVALID'
  | 'GATEWAY_REQUEST_INVALID'
  | 'GATEWAY_MSGID_INVALID'
  | 'GATEWAY_MSGID_EXHAUSTED'
  | 'GATEWAY_SIGNATURE_FAILED'
  | 'GATEWAY_UPLOAD_REJECTED'
  | 'GATEWAY_CLOSED'
  | 'GATEWAY_SIGN_IN_ILLEGAL_TRANSITION'
  | AnswerCheckCode;

/**
 * The checks a success answer of 2102, 2103 or 5203 must pass before it is a
 * paid sale (or a refund): each failure is an unknown outcome (the message is
 * reversed) with its own code.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type AnswerCheckCode =
  | 'GATEWAY_ANSWER_TOTAL_MISMATCH'
  | 'GATEWAY_ANSWER_PARTS_MISMATCH'
  | 'GATEWAY_ANSWER_NEGATIVE_PART'
  | 'GATEWAY_ANSWER_PERSON_MISMATCH'
  | 'GATEWAY_ANSWER_SETTLEMENT_MISMATCH';

/**
 * Every code a `GatewayError` carries: the gateway's `err_code`s as `GATEWAY_<err_code>`, and the client's own codes.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type GatewayErrorCode = `GATEWAY_${GatewayErrCode}` | GatewayClientCode;

const CALL_12393 = '如仍有疑问请拨打 12393';

export const GATEWAY_MESSAGES: Catalogue<GatewayErrorCode> = {
  GATEWAY_SIGNATURE_INVALID: {
    zh: '终端签名未通过医保平台校验，请联系系统管理员检查终端密钥',
    en: 'The gateway rejected the terminal signature; ask the administrator to check the terminal key',
  },
  GATEWAY_SIGN_IN_REQUIRED: {
    zh: '终端未签到或签到已失效，请重新签到后再试',
    en: 'The terminal is not signed in; sign in again and retry',
  },
  GATEWAY_DUPLICATE_MSGID: {
    zh: '报文编号重复且内容不同，本笔未处理，请联系系统管理员',
    en: 'The message id was already used with a different body; nothing was done, call the administrator',
  },
  GATEWAY_VOUCHER_INVALID: {
    zh: '医保电子凭证无效，请让顾客刷新后重新出示',
    en: 'The insurance voucher is not valid; ask the customer to refresh and show a new code',
  },
  GATEWAY_VOUCHER_REPLAYED: {
    zh: '该医保码已使用过，请让顾客刷新后重新出示',
    en: 'This voucher code was already used; ask the customer to show a fresh code',
  },
  GATEWAY_NOT_ENROLLED: {
    zh: '未查到参保信息，请顾客自费支付或到参保地医保经办机构核实',
    en: 'No insurance enrolment found; the customer pays cash or checks with their insurance office',
  },
  GATEWAY_INSURANCE_SUSPENDED: {
    zh: '参保状态暂停，医保不能支付，请顾客自费支付',
    en: 'The insurance is suspended and cannot pay; the customer pays cash',
  },
  GATEWAY_CREDENTIAL_FROZEN: {
    zh: '医保电子凭证已冻结，请本人在医保App解冻后再试，或自费支付',
    en: 'The voucher is frozen; the owner unfreezes it in the insurance app, or pays cash',
  },
  GATEWAY_PIN_WRONG: {
    zh: '医保支付密码错误，请重新输入',
    en: 'Wrong insurance PIN; enter it again',
  },
  GATEWAY_PIN_LOCKED: {
    zh: `医保支付密码错误次数过多已锁定，请在医保App重置密码或自费支付，${CALL_12393}`,
    en: 'Too many wrong PINs: payments are locked; reset the PIN in the insurance app or pay cash (help: 12393)',
  },
  GATEWAY_INSUFFICIENT_BALANCE: {
    zh: '个人账户余额不足，请减少商品或差额自费支付',
    en: 'The personal account balance is too low; remove items or pay the difference in cash',
  },
  GATEWAY_NO_MUTUAL_AID_BINDING: {
    zh: '付款人未绑定该家庭成员的共济关系，请由本人账户支付或自费支付',
    en: 'The payer has not bound this family member for mutual aid; pay from the patient’s own account or in cash',
  },
  GATEWAY_SETTLEMENT_NOT_FOUND: {
    zh: '未找到该笔结算，请核对后再试',
    en: 'The settlement was not found; check it and retry',
  },
  GATEWAY_ALREADY_CANCELLED: {
    zh: '该笔结算已撤销，无需再次撤销',
    en: 'This settlement was already cancelled',
  },
  GATEWAY_NOT_FOUND: {
    zh: '医保平台没有这笔报文的记录',
    en: 'The gateway has no record of this message',
  },
  GATEWAY_TRACE_CODE_SOLD: {
    zh: '药品追溯码已销售过，请核对实物包装后重新扫码',
    en: 'A drug traceability code was already sold; check the box and scan its code again',
  },
  GATEWAY_INTERNAL: {
    zh: `医保平台内部错误，请稍后重试或自费支付，${CALL_12393}`,
    en: 'The gateway had an internal error; retry later or pay cash (help: 12393)',
  },
  GATEWAY_UNKNOWN_OUTCOME: {
    zh: '医保平台未返回结果，本笔按未支付处理，系统将自动冲正，请勿重复收费',
    en: 'No answer from the gateway: the sale counts as not paid and is being reversed automatically; do not charge again',
  },
  GATEWAY_UNREACHABLE: {
    zh: '无法连接医保平台，本笔未扣款，请检查网络后重试或自费支付',
    en: 'Cannot reach the gateway; nothing was charged. Check the network and retry, or pay cash',
  },
  GATEWAY_UNAUTHORIZED: {
    zh: '医保平台拒绝了本终端（401），请联系系统管理员检查终端密钥登记',
    en: 'The gateway refused this terminal (401); ask the administrator to check the terminal key registration',
  },
  GATEWAY_REFUSED: {
    zh: `医保平台拒绝了本笔交易，请自费支付，${CALL_12393}`,
    en: 'The gateway refused the transaction; the customer pays cash (help: 12393)',
  },
  GATEWAY_AMOUNT_INVALID: {
    zh: '金额格式不正确',
    en: 'The amount is not a valid amount of money',
  },
  GATEWAY_REQUEST_INVALID: {
    zh: '交易信息不完整或不正确，本笔未发送',
    en: 'The transaction data is incomplete or wrong; nothing was sent',
  },
  GATEWAY_MSGID_INVALID: {
    zh: '报文编号格式不正确，本笔未发送',
    en: 'The message id is malformed; nothing was sent',
  },
  GATEWAY_MSGID_EXHAUSTED: {
    zh: '本秒报文编号已用完，请稍后重试',
    en: 'All message ids of this second are used; retry in a moment',
  },
  GATEWAY_SIGNATURE_FAILED: {
    zh: '终端无法签名报文，请联系系统管理员检查终端密钥',
    en: 'The terminal could not sign the message; ask the administrator to check the terminal key',
  },
  GATEWAY_UPLOAD_REJECTED: {
    zh: '医保平台未受理本次进销存上传（retRslt 0），将按平台所述原因补正后重传',
    en: 'The gateway did not accept the upload (retRslt 0); it stays due and is retried, see the reason given',
  },
  GATEWAY_CLOSED: {
    zh: '医保连接已关闭',
    en: 'The gateway client is closed',
  },
  GATEWAY_SIGN_IN_ILLEGAL_TRANSITION: {
    zh: '医保签到状态异常，本笔未发送，请联系技术人员',
    en: 'The sign-in was asked for a state change that is not allowed; nothing was sent, call a technician',
  },
  GATEWAY_ANSWER_TOTAL_MISMATCH: {
    zh: '医保平台返回的结算总额与本笔金额不符，本笔按未支付处理，系统将自动冲正，请勿重复收费',
    en: 'The gateway answered another total than this sale’s: the sale counts as not paid and is being reversed automatically; do not charge again',
  },
  GATEWAY_ANSWER_PARTS_MISMATCH: {
    zh: '医保平台返回的基金、账户和现金支付合计与总额不符，本笔按未支付处理，系统将自动冲正，请勿重复收费',
    en: 'The fund, account and cash parts of the gateway’s answer do not add up to its total: the sale counts as not paid and is being reversed automatically; do not charge again',
  },
  GATEWAY_ANSWER_NEGATIVE_PART: {
    zh: '医保平台返回了负数的支付金额，本笔按未支付处理，系统将自动冲正，请勿重复收费',
    en: 'The gateway answered a negative amount: the sale counts as not paid and is being reversed automatically; do not charge again',
  },
  GATEWAY_ANSWER_PERSON_MISMATCH: {
    zh: '医保平台返回的参保人与本笔不符，本笔按未支付处理，系统将自动冲正，请勿重复收费',
    en: 'The gateway answered for another insured person: the sale counts as not paid and is being reversed automatically; do not charge again',
  },
  GATEWAY_ANSWER_SETTLEMENT_MISMATCH: {
    zh: '医保平台返回的结算编号与本笔不符，本笔按未支付处理，系统将自动冲正，请勿重复收费',
    en: 'The gateway answered for another settlement or message: the sale counts as not paid and is being reversed automatically; do not charge again',
  },
};

/**
 * Whether a gateway answer refused the message (nothing booked) or nobody knows.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type GatewayOutcome = 'refused' | 'unknown';

export interface GatewayErrorOptions extends YibaoErrorOptions {
  outcome?: GatewayOutcome;
  errCode?: string;
  errMsg?: string;
  msgid?: string;
  triesLeft?: number;
  httpStatus?: number;
}

/**
 * A refusal or failure of the gateway: `code` (`GATEWAY_<err_code>` or a client code such as `GATEWAY_UNREACHABLE`), and `outcome`: `unknown` when the message may have been booked (reverse it), `refused` when it was not.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 *
 * @example
 * ```ts
 * import { GatewayError } from 'yibao-pos/gateway';
 * try {
 *   await client.settle(request, { msgid });
 * } catch (err) {
 *   if (err instanceof GatewayError && err.outcome === 'unknown') await client.reverse({ psnNo, omsgid: msgid, oinfno: '2102', insuplcAdmdvs }, { msgid: client.newMsgid() });
 * }
 * ```
 */
export class GatewayError extends YibaoError<GatewayErrorCode> {
  /** Every code with its messages (the error-code index is made from these). */
  static readonly catalogue: Catalogue<GatewayErrorCode> = GATEWAY_MESSAGES;
  /** `unknown`: the message may have been booked (reverse it); `refused`: it was not. */
  readonly outcome: GatewayOutcome;
  /** The gateway's raw `err_code`, when it answered one. */
  readonly errCode?: string;
  /** The gateway's own (Chinese) `err_msg`. */
  readonly errMsg?: string;
  readonly msgid?: string;
  /** PIN_WRONG: tries left before the lock. */
  readonly triesLeft?: number;
  readonly httpStatus?: number;

  constructor(code: GatewayErrorCode, options: GatewayErrorOptions = {}) {
    super(code, GATEWAY_MESSAGES[code], options);
    this.name = 'GatewayError';
    this.outcome = options.outcome ?? (code === 'GATEWAY_UNKNOWN_OUTCOME' || code.startsWith('GATEWAY_ANSWER_') ? 'unknown' : 'refused');
    if (options.errCode !== undefined) this.errCode = options.errCode;
    if (options.errMsg !== undefined) this.errMsg = options.errMsg;
    if (options.msgid !== undefined) this.msgid = options.msgid;
    if (options.triesLeft !== undefined) this.triesLeft = options.triesLeft;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
  }

  /** `GATEWAY_<err_code>` for a known spec code, else `GATEWAY_REFUSED`. */
  static codeFor(errCode: string | undefined): GatewayErrorCode {
    return errCode !== undefined && (GATEWAY_ERR_CODES as readonly string[]).includes(errCode)
      ? (`GATEWAY_${errCode}` as GatewayErrorCode)
      : 'GATEWAY_REFUSED';
  }
}
