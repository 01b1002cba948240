/**
 * Real gateways refuse with `infcode -1` and a Chinese `err_msg` only; the
 * stable `err_code` (and `tries_left`) are this project's extension. A refusal
 * without `err_code` is classified here from its `err_msg` by an ordered table
 * of patterns: the first that matches wins, so more specific patterns (a
 * locked PIN) come before broader ones (a wrong PIN). Integrators put their
 * province's wording in front with `GatewayClientOptions.errMsgPatterns`.
 *
 * @module
 */
import type { GatewayErrCode } from './errors.js';

export interface ErrMsgPattern {
  /** Tested against the whole `err_msg`. */
  pattern: RegExp;
  code: GatewayErrCode;
}

/** Tries left in "还可输入2次", "剩余1次", "还有 2 次机会", "可再尝试1次". */
const TRIES = /(?:还可(?:以)?|剩余|还有|可再|尚可)(?:输入|尝试|重试)?\s*(\d{1,2})\s*次/;

/**
 * The default table, from the wording of public integrations and the
 * national code lists. Order matters: first match wins.
 */
export const DEFAULT_ERR_MSG_PATTERNS: readonly ErrMsgPattern[] = [
  { pattern: /(?:数字)?签名(?:验证|校验|验签)?(?:失败|错误|无效|不通过)|验签失败/, code: 'SIGNATURE_INVALID' },
  { pattern: /未签到|签到(?:信息)?(?:已)?(?:失效|过期|超时)|请(?:先|重新)签到|签到(?:编号|流水号|号)(?:无效|不存在|错误|已失效)|sign_?no\b.{0,20}\b(?:invalid|expired)/i, code: 'SIGN_IN_REQUIRED' },
  { pattern: /报文(?:ID|id|编号)?.{0,4}重复/, code: 'DUPLICATE_MSGID' },
  { pattern: /密码.{0,12}(?:锁定|次数(?:过多|超限|已达上限))|(?:锁定|已锁).{0,6}密码/, code: 'PIN_LOCKED' },
  { pattern: /密码(?:错误|不正确|有误|校验失败|验证失败)/, code: 'PIN_WRONG' },
  { pattern: /(?:账户|帐户)?余额不足/, code: 'INSUFFICIENT_BALANCE' },
  { pattern: /共济.{0,10}(?:未绑定|未授权|无.{0,4}关系|关系不存在)|未(?:绑定|建立).{0,8}共济/, code: 'NO_MUTUAL_AID_BINDING' },
  { pattern: /(?:凭证|电子凭证|医保码|二维码|账户|帐户).{0,8}(?:已)?冻结|已被冻结/, code: 'CREDENTIAL_FROZEN' },
  { pattern: /未(?:查询到|查到|找到|获取到)?.{0,6}参保(?:信息|记录)?|无参保(?:信息|记录)|非参保人员|未参保/, code: 'NOT_ENROLLED' },
  { pattern: /(?:暂停|中止|终止)(?:参保|缴费|享受|待遇)|参保状态.{0,6}(?:暂停|中止|异常|不正常)|待遇.{0,4}(?:暂停|中止)/, code: 'INSURANCE_SUSPENDED' },
  { pattern: /(?:凭证|二维码|医保码|令牌|ecToken).{0,8}(?:已使用|已被使用|重复使用)/, code: 'VOUCHER_REPLAYED' },
  { pattern: /(?:凭证|二维码|医保码|令牌|ecToken).{0,8}(?:无效|过期|失效|错误|不合法)/, code: 'VOUCHER_INVALID' },
  { pattern: /追溯码.{0,8}(?:已销售|已售出|重复销售)/, code: 'TRACE_CODE_SOLD' },
  { pattern: /(?:已|重复)(?:撤销|冲正|退费)|不能重复撤销/, code: 'ALREADY_CANCELLED' },
  { pattern: /未(?:找到|查询到|查到).{0,8}(?:结算|就诊)(?:信息|记录)?|(?:结算|就诊)(?:信息|记录)不存在/, code: 'SETTLEMENT_NOT_FOUND' },
];

export interface ErrMsgClass {
  code: GatewayErrCode;
  triesLeft?: number;
}

/** The class of `errMsg` under `patterns` (in order), or undefined when none matches. */
export function classifyErrMsg(errMsg: string, patterns: readonly ErrMsgPattern[] = DEFAULT_ERR_MSG_PATTERNS): ErrMsgClass | undefined {
  const hit = patterns.find((p) => p.pattern.test(errMsg));
  if (!hit) return undefined;
  const out: ErrMsgClass = { code: hit.code };
  if (hit.code === 'PIN_WRONG') {
    const m = TRIES.exec(errMsg);
    if (m) out.triesLeft = Number(m[1]);
  }
  return out;
}
