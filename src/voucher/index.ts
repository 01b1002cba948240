/**
 * yibao-pos/voucher: offline voucher verification, browser-safe (jose and
 * WebCrypto only). TrustStore (node:fs) and SqliteReplayGuard (better-sqlite3)
 * are exported from the main entry `yibao-pos`. Re-exports only.
 *
 * @module yibao-pos/voucher
 */
export { verifyVoucher, VOUCHER_PREFIX, MAX_QR_BYTES, MAX_LIFETIME_SEC, DEFAULT_SKEW_SEC } from './verify.js';
export { verifyTrustList } from './trust-list.js';
export { classifyScan } from './classify.js';
export type { ScanClass, ClassifyOptions } from './classify.js';
export { VoucherError } from './errors.js';
export type { VoucherErrorCode } from './errors.js';
export { MemoryReplayGuard } from './replay/memory.js';
export type { VoucherAlg, VoucherUse, VoucherClaims, VerifiedVoucher, TrustedKey, TrustList, ReplayGuard, VerifyOptions } from './types.js';
