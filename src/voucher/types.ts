/**
 * Types of the voucher contract (shared/spec/voucher.md), shared by the
 * verifier, the trust store and the issuer tools.
 *
 * @module
 */
import type { JWK } from 'jose';
import type { Clock } from '../lib/clock.js';

/**
 * The signature algorithms a voucher may use: `ES256` or `EdDSA`.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export type VoucherAlg = 'ES256' | 'EdDSA';
/**
 * What a voucher is for: `pay` (settlement) or `id` (identification only).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export type VoucherUse = 'pay' | 'id';

/**
 * The claims of a verified voucher (section 1).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export interface VoucherClaims {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  use: VoucherUse;
  reg: string;
  chn: string;
  nm?: string;
  idm?: string;
  /** Present when a guardian shows a family member's code (亲情账户). */
  act?: { sub: string };
}

/**
 * A verified voucher: its claims plus what the terminal needs afterwards.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export interface VerifiedVoucher {
  /** The exact QR text that was verified (sent to the gateway as `mdtrt_cert_no`). */
  qrText: string;
  claims: VoucherClaims;
  kid: string;
  alg: VoucherAlg;
}

/**
 * One issuer key of a trust list (section 3).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export interface TrustedKey extends JWK {
  kid: string;
  alg: VoucherAlg;
  /** The issuer this key signs for. */
  iss: string;
  nbf?: number;
  exp?: number;
}

/**
 * The claims of a verified trust list (section 3).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export interface TrustList {
  iss: string;
  iat: number;
  exp: number;
  seq: number;
  keys: TrustedKey[];
  revoked: string[];
  frozen: string[];
  pinKey?: JWK;
}

/**
 * Records each `jti` once (section 2, step 8).
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export interface ReplayGuard {
  /**
   * Atomically: if `jti` is unseen, records it until `forgetAfterSec` and
   * returns true; if seen, returns false.
   */
  checkAndRecord(jti: string, forgetAfterSec: number, nowSec: number): boolean | Promise<boolean>;
  close?(): void | Promise<void>;
}

/**
 * Options of `verifyVoucher`: the verified trust list, a replay guard, clock, skew and the use required.
 *
 * Exported from `yibao-pos` and `yibao-pos/voucher`.
 */
export interface VerifyOptions {
  /** The current, verified trust list (from a TrustStore). */
  trust: TrustList;
  /** Omit only to check without consuming (display); settlement always passes one. */
  replayGuard?: ReplayGuard;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Allowed clock skew in seconds, default 10. */
  skewSec?: number;
  /** The operation: `pay` requires a `pay` code; `id` accepts both. Default `pay`. */
  use?: VoucherUse;
}
