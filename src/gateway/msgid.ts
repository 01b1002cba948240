/**
 * Message ids (gateway.md): `fixmedins_code` (12) + `yyyyMMddHHmmss` (14,
 * terminal local time) + sequence (4). The msgid is the idempotency key, so
 * it must never repeat for a terminal: the sequence comes from a
 * SequenceStore, per second. The journal provides a durable store (safe
 * across restarts); `MemorySequenceStore` is not restart-safe: a terminal
 * restarted within the same second could reuse an id.
 *
 * When all 10000 ids of a second are used, `next()` throws
 * `GATEWAY_MSGID_EXHAUSTED` (nothing sent) rather than wait: `newMsgid()` is
 * synchronous, and a caller sending 10000 messages a second from one
 * terminal has a bug worth surfacing.
 *
 * @module
 */
import type { Clock } from '../lib/clock.js';
import { GatewayError } from './errors.js';
import { localTime } from './local-time.js';
import type { SequenceStore } from './types.js';

export const MSGID_LENGTH = 30;
const FIXMEDINS = /^[A-Za-z0-9]{12}$/;
const MSGID = /^[A-Za-z0-9]{12}[0-9]{14}[0-9]{4}$/;

/**
 * In-memory sequences: unique within this process only (see module doc).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 *
 * @example
 * ```ts
 * import { GatewayClient, MemorySequenceStore } from 'yibao-pos/gateway';
 * const client = new GatewayClient({ ...options, sequence: new MemorySequenceStore() });
 * ```
 */
export class MemorySequenceStore implements SequenceStore {
  readonly #next = new Map<string, number>();
  readonly #keep: number;

  /** `keep`: how many distinct seconds to remember (old ones are dropped first). */
  constructor(keep = 3600) {
    this.#keep = keep;
  }

  nextSeq(second: string): number {
    const seq = this.#next.get(second) ?? 0;
    if (seq > 9999) throw new GatewayError('GATEWAY_MSGID_EXHAUSTED', { details: { second } });
    this.#next.set(second, seq + 1);
    if (this.#next.size > this.#keep) {
      const oldest = this.#next.keys().next().value;
      if (oldest !== undefined) this.#next.delete(oldest);
    }
    return seq;
  }
}

export interface MsgidFactoryOptions {
  fixmedinsCode: string;
  clock: Clock;
  sequence: SequenceStore;
  /** Terminal local time offset from UTC in minutes, default +480 (China). */
  utcOffsetMin?: number;
}

/** Throws `GATEWAY_REQUEST_INVALID` unless the pharmacy code is 12 letters/digits. */
export function checkFixmedinsCode(code: string): void {
  if (!FIXMEDINS.test(code)) {
    throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'fixmedinsCode', reason: 'must be 12 letters or digits' } });
  }
}

export function newMsgidFactory(options: MsgidFactoryOptions): () => string {
  checkFixmedinsCode(options.fixmedinsCode);
  return () => {
    const second = localTime(options.clock(), options.utcOffsetMin).compact;
    const seq = options.sequence.nextSeq(second);
    if (!Number.isInteger(seq) || seq < 0 || seq > 9999) {
      throw new GatewayError('GATEWAY_MSGID_EXHAUSTED', { details: { second } });
    }
    return `${options.fixmedinsCode}${second}${String(seq).padStart(4, '0')}`;
  };
}

/** Throws `GATEWAY_MSGID_INVALID` unless `msgid` is a well-formed id of this pharmacy. */
export function checkMsgid(msgid: string, fixmedinsCode: string): void {
  if (typeof msgid !== 'string' || !MSGID.test(msgid) || !msgid.startsWith(fixmedinsCode)) {
    throw new GatewayError('GATEWAY_MSGID_INVALID', { details: { msgid: String(msgid).slice(0, 40) } });
  }
}
