/**
 * A refusal the simulator answers with `infcode -1`: the spec's `err_code`,
 * its Chinese `err_msg`, optional output (PIN_WRONG's `tries_left`), and
 * whether the answer is stored under the msgid (refusals that changed nothing
 * and may be resent, such as SIGN_IN_REQUIRED, are not).
 *
 * @module
 */
import type { GatewayErrCode } from '../gateway/errors.js';

/** The spec's err_codes, plus BAD_REQUEST for malformed input (which the spec leaves open). */
export type SimErrCode = GatewayErrCode | 'BAD_REQUEST';

/** The Chinese `err_msg` of each code. */
export const ERR_MSG: Record<SimErrCode, string> = {
  BAD_REQUEST: '报文格式错误',
  SIGNATURE_INVALID: '签名验证失败',
  SIGN_IN_REQUIRED: '未签到，请先签到',
  DUPLICATE_MSGID: '报文ID重复且内容不同',
  VOUCHER_INVALID: '医保电子凭证无效',
  VOUCHER_REPLAYED: '医保电子凭证已使用，请刷新二维码',
  NOT_ENROLLED: '未查到参保信息',
  INSURANCE_SUSPENDED: '参保状态暂停，无法结算',
  CREDENTIAL_FROZEN: '医保电子凭证已冻结',
  PIN_WRONG: '医保支付密码错误',
  PIN_LOCKED: '医保支付密码已锁定，请重置后再试',
  INSUFFICIENT_BALANCE: '账户余额不足',
  NO_MUTUAL_AID_BINDING: '付款人未绑定该参保人为共济亲属',
  SETTLEMENT_NOT_FOUND: '未找到原结算记录',
  ALREADY_CANCELLED: '原交易已撤销或已冲正',
  NOT_FOUND: '未找到该报文的结算信息',
  TRACE_CODE_SOLD: '药品追溯码已销售，不能重复销售',
  INTERNAL: '系统内部错误',
};

/** The refusal of a sign_no the gateway does not know (any more): unknown, signed out, or of an earlier day. */
export const SIGN_NO_INVALID = '签到编号无效，请重新签到';

/** Codes whose answer is not stored by msgid: they changed nothing and the same msgid may come again. */
const NOT_STORED: ReadonlySet<SimErrCode> = new Set(['BAD_REQUEST', 'SIGNATURE_INVALID', 'SIGN_IN_REQUIRED', 'DUPLICATE_MSGID', 'INTERNAL']);

export class SimRefusal extends Error {
  readonly errCode: SimErrCode;
  readonly output: Record<string, unknown> | undefined;
  readonly detail: string | undefined;
  private readonly store: boolean | undefined;
  readonly #errMsg: string | undefined;

  /** `errMsg`: another wording than the code's own (one code, several causes a real gateway words apart). */
  constructor(errCode: SimErrCode, options: { detail?: string; output?: Record<string, unknown>; store?: boolean; errMsg?: string } = {}) {
    super(options.detail ? `${errCode}: ${options.detail}` : errCode);
    this.name = 'SimRefusal';
    this.errCode = errCode;
    this.output = options.output;
    this.detail = options.detail;
    this.store = options.store;
    this.#errMsg = options.errMsg;
  }

  get stored(): boolean {
    return this.store ?? !NOT_STORED.has(this.errCode);
  }

  /** `err_msg`: the Chinese message, plus what was wrong for BAD_REQUEST. */
  get errMsg(): string {
    if (this.#errMsg !== undefined) return this.#errMsg;
    return this.detail && this.errCode === 'BAD_REQUEST' ? `${ERR_MSG[this.errCode]}：${this.detail}` : ERR_MSG[this.errCode];
  }
}

export const bad = (detail: string): SimRefusal => new SimRefusal('BAD_REQUEST', { detail });
