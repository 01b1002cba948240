import { describe, expect, it } from 'vitest';
import { codeOfCall } from '../helpers/error-code.js';
import { manualClock } from '../../src/lib/clock.js';
import { checkMsgid, MemorySequenceStore, newMsgidFactory } from '../../src/gateway/msgid.js';
import { localTime } from '../../src/gateway/local-time.js';
import type { SequenceStore } from '../../src/gateway/types.js';

const CODE = 'P42010000001';
// 2026-11-22 03:59:59.500 UTC = 11:59:59 in Shanghai.
const T = Date.UTC(2026, 10, 22, 3, 59, 59, 500);


/** Stands in for the journal's durable store: survives "restarts" (new factories). */
class FakeDurableStore implements SequenceStore {
  readonly rows = new Map<string, number>();
  nextSeq(second: string): number {
    const seq = this.rows.get(second) ?? 0;
    if (seq > 9999) throw new Error('exhausted');
    this.rows.set(second, seq + 1);
    return seq;
  }
}

describe('local time', () => {
  it('formats Shanghai time by default and honours another offset', () => {
    expect(localTime(T)).toEqual({ compact: '20261122115959', text: '2026-11-22 11:59:59' });
    expect(localTime(Date.UTC(2026, 11, 31, 16, 0, 0))).toEqual({ compact: '20270101000000', text: '2027-01-01 00:00:00' });
    expect(localTime(T, 0).text).toBe('2026-11-22 03:59:59');
    expect(localTime(T, -300).compact).toBe('20261121225959');
  });
});

describe('msgid', () => {
  it('is fixmedins_code + local yyyyMMddHHmmss + 4-digit sequence', () => {
    const next = newMsgidFactory({ fixmedinsCode: CODE, clock: manualClock(T), sequence: new MemorySequenceStore() });
    const a = next();
    expect(a).toHaveLength(30);
    expect(a).toBe(`${CODE}202611221159590000`);
    expect(next()).toBe(`${CODE}202611221159590001`);
  });

  it('gives 10,000 unique ids in one second, then GATEWAY_MSGID_EXHAUSTED, then restarts at 0 next second', () => {
    const clock = manualClock(T);
    const next = newMsgidFactory({ fixmedinsCode: CODE, clock, sequence: new MemorySequenceStore() });
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(next());
    expect(seen.size).toBe(10_000);
    for (const id of seen) expect(id).toMatch(/^P4201000000120261122115959\d{4}$/);
    expect(codeOfCall(next)).toBe('GATEWAY_MSGID_EXHAUSTED');
    clock.advance(500);
    expect(next()).toBe(`${CODE}202611221200000000`);
  });

  it('does not reuse ids across a restart within the same second with a durable store', () => {
    const store = new FakeDurableStore();
    const clock = manualClock(T);
    const before = newMsgidFactory({ fixmedinsCode: CODE, clock, sequence: store });
    const first = [before(), before(), before()];
    const after = newMsgidFactory({ fixmedinsCode: CODE, clock, sequence: store });
    const next = after();
    expect(first).not.toContain(next);
    expect(next).toBe(`${CODE}202611221159590003`);
  });

  it('the in-memory store is not restart-safe (documented): a new store repeats', () => {
    const clock = manualClock(T);
    const a = newMsgidFactory({ fixmedinsCode: CODE, clock, sequence: new MemorySequenceStore() })();
    const b = newMsgidFactory({ fixmedinsCode: CODE, clock, sequence: new MemorySequenceStore() })();
    expect(a).toBe(b);
  });

  it('keeps unique ids when the clock steps back into a second it already used', () => {
    const clock = manualClock(T);
    const next = newMsgidFactory({ fixmedinsCode: CODE, clock, sequence: new MemorySequenceStore() });
    const a = next();
    clock.advance(1000);
    next();
    clock.advance(-1000);
    expect(next()).not.toBe(a);
  });

  it('refuses a bad pharmacy code and a store that returns out-of-range sequences', () => {
    expect(codeOfCall(() => newMsgidFactory({ fixmedinsCode: 'P4201', clock: manualClock(T), sequence: new MemorySequenceStore() }))).toBe('GATEWAY_REQUEST_INVALID');
    const bad = newMsgidFactory({ fixmedinsCode: CODE, clock: manualClock(T), sequence: { nextSeq: () => 10_000 } });
    expect(codeOfCall(bad)).toBe('GATEWAY_MSGID_EXHAUSTED');
  });

  it('checkMsgid accepts only well-formed ids of this pharmacy', () => {
    expect(() => checkMsgid(`${CODE}202611221159590001`, CODE)).not.toThrow();
    for (const bad of ['', `${CODE}20261122115959001`, `P42010000002202611221159590001`, `${CODE}2026112211595900a1`, `${CODE}202611221159590001 `]) {
      expect(codeOfCall(() => checkMsgid(bad, CODE))).toBe('GATEWAY_MSGID_INVALID');
    }
  });
});
