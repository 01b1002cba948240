/**
 * Fault injection for tests, per transaction code (set through the
 * loopback-only admin API): delay the answer, commit then drop the
 * connection, answer 5xx without handling, or close the connection without
 * handling.
 *
 * @module
 */
import { bad } from './refusal.js';
import { INFNOS } from './envelope.js';

/**
 * The faults the simulator can be told to inject into a transaction: `delay`, `drop-after-commit` (booked, answer lost), `5xx`, `close` (connection reset).
 *
 * Exported from `yibao-pos/sim`.
 */
export type FaultKind = 'delay' | 'drop-after-commit' | '5xx' | 'close';

export interface Fault {
  infno: string;
  kind: FaultKind;
  delayMs: number;
  /** Remaining times; -1 until cleared. */
  times: number;
}

export class FaultTable {
  private readonly faults = new Map<string, Fault>();

  /** Validates an admin request body and installs the fault. */
  set(value: unknown): Fault {
    const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const infno = v.infno;
    if (typeof infno !== 'string' || !(INFNOS as readonly string[]).includes(infno)) throw bad('infno');
    const kind = v.kind;
    if (kind !== 'delay' && kind !== 'drop-after-commit' && kind !== '5xx' && kind !== 'close') throw bad('kind');
    const delayMs = v.delayMs ?? 0;
    if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) throw bad('delayMs');
    const times = v.times ?? 1;
    if (typeof times !== 'number' || !Number.isInteger(times) || times === 0 || times < -1) throw bad('times');
    const fault: Fault = { infno, kind, delayMs, times };
    this.faults.set(infno, fault);
    return fault;
  }

  clear(): void {
    this.faults.clear();
  }

  /** The fault to apply to this message, counting it down. */
  take(infno: string): Fault | undefined {
    const f = this.faults.get(infno);
    if (!f) return undefined;
    if (f.times > 0 && --f.times === 0) this.faults.delete(infno);
    return { ...f };
  }
}
