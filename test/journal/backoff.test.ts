import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/lib/retry.js';
import { canMove, isFinal } from '../../src/journal/states.js';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap, finite for any attempt count', () => {
    const b = { baseMs: 1000, maxMs: 60_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, b))).toEqual([0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(backoffDelay(1e9, b)).toBe(60_000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, { baseMs: 1, maxMs: 5 })).toBe(5);
  });
});

describe('states', () => {
  it('allows only the documented moves', () => {
    expect(canMove('intent', 'sent')).toBe(true);
    expect(canMove('sent', 'booked')).toBe(true);
    expect(canMove('unknown', 'reversal_pending')).toBe(true);
    expect(canMove('reversal_pending', 'reversed')).toBe(true);
    expect(canMove('booked', 'reversed')).toBe(false);
    expect(canMove('refused', 'booked')).toBe(false);
    expect(canMove('reversed', 'booked')).toBe(false);
    expect(canMove('reversal_pending', 'booked')).toBe(false);
  });

  it('knows what is final for a money message and for a reversal attempt', () => {
    expect(isFinal('2102', 'unknown')).toBe(false);
    expect(isFinal('2102', 'reversal_pending')).toBe(false);
    expect(isFinal('2103', 'reversed')).toBe(true);
    expect(isFinal('2601', 'unknown')).toBe(true);
    expect(isFinal('2601', 'sent')).toBe(false);
  });
});
