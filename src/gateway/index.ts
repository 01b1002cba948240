/**
 * yibao-pos/gateway: public exports of this area (re-exports only).
 *
 * @module
 */
export { GatewayClient } from './client.js';
export type { GatewayClientOptions } from './client.js';
export { GatewayError, GATEWAY_ERR_CODES, GATEWAY_MESSAGES } from './errors.js';
export type { GatewayErrorCode, GatewayErrCode, GatewayClientCode, GatewayOutcome, GatewayErrorOptions } from './errors.js';
export { yuanToFen, fenToYuan } from './money.js';
export type { YuanOptions } from './money.js';
export { MemorySequenceStore, newMsgidFactory, checkMsgid, MSGID_LENGTH } from './msgid.js';
export type { MsgidFactoryOptions } from './msgid.js';
export { localTime, CHINA_UTC_OFFSET_MIN } from './local-time.js';
export { signBody, verifyBodySignature } from './signature.js';
export { HttpTransport } from './transport.js';
export type { TransportOptions, TlsOptions, TransportAnswer } from './transport.js';
export { INFVER } from './wire.js';
export type * from './wire.js';
export type * from './types.js';
export { readAnswer, infcodeOf, DEFAULT_REFUSAL_INFCODES } from './answer.js';
export type { AnswerOptions } from './answer.js';
export { classifyErrMsg, DEFAULT_ERR_MSG_PATTERNS } from './err-msg.js';
export type { ErrMsgPattern, ErrMsgClass } from './err-msg.js';
export { readSetlinfo } from './setlinfo.js';
export type { SetlinfoReadOptions } from './setlinfo.js';
export { parseCnt, parsePric, lineFen, itemLine, cntText, pricText } from './quantity.js';
export { certFields, certRef, MDTRT_CERT_NO_MAX } from './convert.js';
export * from './security/index.js';
