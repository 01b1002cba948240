import { describe, expect, it } from 'vitest';
import { splitSettlement } from '../../../src/sim/rules/split.js';
import { afterPinAttempt } from '../../../src/sim/rules/pin.js';
import { cstDay, cstStamp17 } from '../../../src/sim/rules/day.js';
import { canUnbind, BINDING_LOCK_MS } from '../../../src/sim/rules/mutual-aid.js';

describe('splitSettlement', () => {
  it('own account first, then the mutual-aid payer, then cash; the fund pays 0 for med_type 41', () => {
    expect(splitSettlement({ totalFen: 2680, patientBalanceFen: 50000, useAccount: true })).toEqual({ fundPayFen: 0, acctPayFen: 2680, acctMulaidPayFen: 0, cashFen: 0 });
    expect(splitSettlement({ totalFen: 2680, patientBalanceFen: 1000, useAccount: true })).toEqual({ fundPayFen: 0, acctPayFen: 1000, acctMulaidPayFen: 0, cashFen: 1680 });
    expect(splitSettlement({ totalFen: 2680, patientBalanceFen: undefined, payerBalanceFen: 2000, useAccount: true })).toEqual({ fundPayFen: 0, acctPayFen: 0, acctMulaidPayFen: 2000, cashFen: 680 });
    expect(splitSettlement({ totalFen: 2680, patientBalanceFen: 500, payerBalanceFen: 9000, useAccount: true })).toEqual({ fundPayFen: 0, acctPayFen: 500, acctMulaidPayFen: 2180, cashFen: 0 });
    expect(splitSettlement({ totalFen: 2680, patientBalanceFen: 50000, useAccount: false })).toEqual({ fundPayFen: 0, acctPayFen: 0, acctMulaidPayFen: 0, cashFen: 2680 });
  });

  it('always adds up exactly and never pays more than a balance (random)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 5000; i++) {
      const totalFen = rnd(10_000_000);
      const patientBalanceFen = rnd(3) === 0 ? undefined : rnd(10_000_000);
      const payerBalanceFen = rnd(2) === 0 ? undefined : rnd(10_000_000);
      const s = splitSettlement({ totalFen, patientBalanceFen, payerBalanceFen, useAccount: rnd(4) > 0 });
      expect(s.fundPayFen + s.acctPayFen + s.acctMulaidPayFen + s.cashFen).toBe(totalFen);
      expect(s.acctPayFen).toBeLessThanOrEqual(patientBalanceFen ?? 0);
      expect(s.acctMulaidPayFen).toBeLessThanOrEqual(payerBalanceFen ?? 0);
      expect(Math.min(s.acctPayFen, s.acctMulaidPayFen, s.cashFen)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('PIN attempts', () => {
  it('locks on the third wrong PIN in a row; a right one resets', () => {
    let s = { fails: 0, locked: false };
    s = afterPinAttempt(s, false);
    expect(s).toMatchObject({ fails: 1, locked: false, triesLeft: 2 });
    s = afterPinAttempt(s, true);
    expect(s).toMatchObject({ fails: 0, locked: false });
    s = afterPinAttempt(afterPinAttempt(afterPinAttempt(s, false), false), false);
    expect(s).toMatchObject({ fails: 3, locked: true, triesLeft: 0 });
  });
});

describe('times and bindings', () => {
  it('uses China Standard Time for the settlement day', () => {
    expect(cstDay(Date.UTC(2026, 10, 22, 15, 59, 59))).toBe('2026-11-22');
    expect(cstDay(Date.UTC(2026, 10, 22, 16, 0, 0))).toBe('2026-11-23');
    expect(cstStamp17(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('20260102110405006');
  });

  it('a binding younger than 3 months cannot be undone', () => {
    expect(canUnbind(0, BINDING_LOCK_MS - 1)).toBe(false);
    expect(canUnbind(0, BINDING_LOCK_MS)).toBe(true);
  });
});
