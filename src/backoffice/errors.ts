/**
 * Refusals of the back office: pushes it will not take (counted per pharmacy
 * and reason), requests without the token, a database it cannot open.
 *
 * @module
 */
import { defineErrors } from '../lib/errors.js';

/**
 * The back office's refusals (a push from an unknown till, altered or replayed, a database that fails).
 *
 * Exported from `yibao-pos/backoffice`.
 *
 * @example
 * ```ts
 * import { BackofficeError } from 'yibao-pos/backoffice';
 * const refused = new BackofficeError('BACKOFFICE_TILL_UNKNOWN');
 * console.log(refused.code, refused.messages.en);
 * ```
 */
export const BackofficeError = defineErrors('BackofficeError', {
  BACKOFFICE_PUSH_UNSIGNED: {
    zh: '推送没有签名或签名无法验证，已拒收',
    en: 'The push is not signed, or its signature does not verify; refused',
  },
  BACKOFFICE_TILL_UNKNOWN: {
    zh: '推送来自未登记的收款台，已拒收',
    en: 'The push comes from a till that is not registered; refused',
  },
  BACKOFFICE_WRONG_PHARMACY: {
    zh: '收款台只能推送本药店的记录，已拒收',
    en: 'A till may push only its own pharmacy’s entries; refused',
  },
  BACKOFFICE_PUSH_REPLAYED: {
    zh: '重复或过期的推送，已拒收',
    en: 'A replayed or stale push; refused',
  },
  BACKOFFICE_PUSH_INVALID: {
    zh: '推送内容格式不对，已拒收',
    en: 'The push is not well formed; refused',
  },
  BACKOFFICE_UNAUTHORIZED: {
    zh: '需要访问令牌',
    en: 'An access token is required',
  },
  BACKOFFICE_DB_FAILED: {
    zh: '后台数据库无法打开或写入',
    en: 'The back-office database cannot be opened or written',
  },
  BACKOFFICE_NO_MSGID_BLOCK: {
    zh: '该药店的收款台已占满全部报文流水号段，后台无法以自己的流水号对账',
    en: "The pharmacy's tills own every msgid block; the back office has none of its own to reconcile with",
  },
  BACKOFFICE_UNREACHABLE: {
    zh: '连不上后台，稍后会重试',
    en: 'The back office cannot be reached; it will be retried',
  },
  BACKOFFICE_NOT_LOOPBACK: {
    zh: '后台只在本机地址上开放，除非配置了访问令牌',
    en: 'The back office listens on loopback only, unless an access token is configured',
  },
});
export type BackofficeError = InstanceType<typeof BackofficeError>;
