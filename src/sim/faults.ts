/**
 * Fault injection for tests, per transaction code (set through the
 * loopback-only admin API): delay the answer, commit then drop the
 * connection, answer 5xx without handling, or close the connection without
 * handling. A fault may name the terminal key (`kid`) it is for, so with
 * several tills on one simulator the till that meets it does not depend on
 * which till's request arrives first.
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
  /** Only messages signed with this terminal key; absent: any terminal's. */
  kid?: string;
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
    const kid = v.kid;
    if (kid !== undefined && (typeof kid !== 'string' || kid.length === 0 || kid.length > 200)) throw bad('kid');
    const fault: Fault = { infno, kind, ...(kid === undefined ? {} : { kid }), delayMs, times };
    this.faults.set(slot(infno, kid), fault);
    return fault;
  }

  clear(): void {
    this.faults.clear();
  }

  /** The faults still set (one fired its last time is gone: a test waits on that to know its message arrived). */
  list(): Fault[] {
    return [...this.faults.values()].map((f) => ({ ...f }));
  }

  /** The fault to apply to this message (one for its signing key first, then one for any key), counting it down. */
  take(infno: string, kid?: string): Fault | undefined {
    const key = kid !== undefined && this.faults.has(slot(infno, kid)) ? slot(infno, kid) : slot(infno, undefined);
    const f = this.faults.get(key);
    if (!f) return undefined;
    if (f.times > 0 && --f.times === 0) this.faults.delete(key);
    return { ...f };
  }
}

const slot = (infno: string, kid: string | undefined) => (kid === undefined ? infno : `${infno} ${kid}`);
