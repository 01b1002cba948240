/**
 * yibao-pos/gateway: the settlement gateway client (one typed method per
 * transaction), its errors, and yuan/fen conversion. The wire format, message
 * signing and msgid making stay private. Re-exports only.
 *
 * @module yibao-pos/gateway
 */
export { GatewayClient } from './client.js';
export type { GatewayClientOptions } from './client.js';
export { GatewayError } from './errors.js';
export type { GatewayErrorCode, GatewayErrCode, GatewayClientCode, GatewayOutcome, AnswerCheckCode } from './errors.js';
export { yuanToFen, fenToYuan } from './money.js';
export type { YuanOptions } from './money.js';
export { MemorySequenceStore } from './msgid.js';
export { CHINA_UTC_OFFSET_MIN, formatLocalTime } from './local-time.js';
export type { TlsOptions } from './transport.js';
export type { Pharmacy, Infno, MoneyInfno, Insutype, SaleItem, Prescription, Pharmacist, PersonInfo, Settlement, SettleRequest, MessageOptions, Gateway, SequenceStore, CancelResult, ReversalRequest, ReversalAnswer, MessageQuery, SettlementQuery, ReconcileRequest, ReconcileResult, SignIn } from './types.js';
export type { TraceCodeShape } from './transactions/drug-input.js';
export type { CatalogPageRequest, CatalogPage, CatalogRow } from './catalog.js';
export type { RequestSecurity } from './security/types.js';
export { jwsSecurity } from './security/jws.js';
export { sm2Security, type Sm2SecurityOptions } from './security/national.js';
export { sm2KeyPair, sm2PublicKeyOf, sm2Sign, sm2Verify, deriveSm4Key } from './security/sm2.js';
export { inputSm2Security, type InputSm2Options } from './security/input-sm2.js';
export { OURS_PROFILE, NATIONAL_PROFILE } from './profile/profiles.js';
export type { GatewayProfile, GatewayCredentials, HeaderSigning, Sm2Variant, PinBlockCarriage } from './profile/types.js';
