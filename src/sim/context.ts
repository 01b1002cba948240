/**
 * What every transaction handler gets: the ledger, the clock, the verified
 * trust list, the PIN key, and the message being handled.
 *
 * @module
 */
import type { JWK } from 'jose';
import type { Clock } from '../lib/clock.js';
import type { TrustList } from '../voucher/types.js';
import type { RequestEnvelope } from './envelope.js';
import type { Ledger } from './ledger/ledger.js';
import type { SimRefusal } from './refusal.js';

export interface SimState {
  ledger: Ledger;
  clock: Clock;
  trust: TrustList;
  /** The PIN key's private half, imported once. */
  pinPrivateKey: JWK | CryptoKey;
  /** Allowed voucher clock skew, seconds. */
  skewSec: number;
}

export interface TxContext extends SimState {
  env: RequestEnvelope;
  /** The signing terminal (till): msgids, idempotency, voids and bookings are its own. */
  kid: string;
  /** When the message arrived (ms). */
  receivedAt: number;
}

/** What `apply` returns: an output, or a refusal whose state changes (PIN count) still commit. */
export type Outcome = { output: Record<string, unknown> } | { refusal: SimRefusal };

/**
 * One transaction code. `prepare` does the async work (signatures, PIN block)
 * before the SQLite transaction; `apply` runs inside it, synchronously, and
 * may throw a SimRefusal to roll back.
 */
export interface Handler<P = unknown> {
  prepare(ctx: TxContext): Promise<P>;
  apply(ctx: TxContext, prepared: P): Outcome;
}
