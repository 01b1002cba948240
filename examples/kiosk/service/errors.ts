/**
 * Refusals of the kiosk's API, typed like every refusal of the SDK: a stable
 * `code` and messages in Chinese and English.
 *
 * @module
 */
import { YibaoError } from 'yibao-pos';

const MESSAGES = {
  KIOSK_BAD_REQUEST: { zh: '请求格式不正确', en: 'The request is malformed' },
  KIOSK_NOT_FOUND: { zh: '没有这个页面', en: 'No such page' },
  KIOSK_FORBIDDEN: { zh: '只接受本机收款页面的请求', en: 'Only the kiosk page on this machine may call the service' },
  KIOSK_BUSY: { zh: '正在办理上一笔，请稍候', en: 'A sale is under way; wait a moment' },
  KIOSK_NO_PIN_PROMPT: { zh: '当前没有等待输入的密码，请按屏幕提示操作', en: 'No PIN is being asked for now; follow the screen' },
  KIOSK_BAD_PIN_BLOCK: { zh: '密码块格式不正确，未发送，请重新输入', en: 'The PIN block is malformed; nothing was sent, enter the PIN again' },
  KIOSK_NOT_A_VOUCHER: { zh: '这不是医保电子凭证，请在医保码页面出示付款码', en: 'This is not an insurance voucher; show the payment code from the insurance code page' },
  KIOSK_TOO_MANY_STREAMS: { zh: '自助机连接过多，请稍后再试', en: 'Too many connections to the kiosk; try again shortly' },
  KIOSK_TOKEN_REQUIRED: { zh: '自助机对外提供服务时必须配置访问令牌（--token）', en: 'A kiosk served beyond this machine needs an access token (--token)' },
} as const;

export type KioskErrorCode = keyof typeof MESSAGES;

/** HTTP status of each refusal. */
export const STATUS: Record<KioskErrorCode, number> = {
  KIOSK_BAD_REQUEST: 400,
  KIOSK_NOT_FOUND: 404,
  KIOSK_FORBIDDEN: 403,
  KIOSK_BUSY: 409,
  KIOSK_NO_PIN_PROMPT: 409,
  KIOSK_BAD_PIN_BLOCK: 400,
  KIOSK_NOT_A_VOUCHER: 422,
  KIOSK_TOO_MANY_STREAMS: 503,
  KIOSK_TOKEN_REQUIRED: 403,
};

export class KioskError extends YibaoError<KioskErrorCode> {
  constructor(code: KioskErrorCode, details?: Record<string, unknown>) {
    super(code, MESSAGES[code], details ? { details } : {});
    this.name = 'KioskError';
  }
}
