import { describe, expect, it } from 'vitest';
import { checkDay, journalTotals } from '../../src/journal/reconcile.js';
import type { JournalEntry } from '../../src/journal/entry.js';

const entry = (over: Partial<JournalEntry>): JournalEntry => ({
  msgid: 'm',
  infno: '2102',
  state: 'booked',
  psnNo: 'P',
  insuplcAdmdvs: '420100',
  jti: null,
  payerJti: null,
  amountFen: 0,
  items: [],
  ref: {},
  omsgid: null,
  answer: null,
  errorCode: null,
  attempts: 0,
  nextAttemptAt: null,
  createdAt: 0,
  updatedAt: 0,
  bookedAt: 0,
  shownAt: 0,
  ...over,
});

describe('checkDay', () => {
  it('accepts real days only', () => {
    for (const d of ['2026-11-22', '2024-02-29', '2000-01-01']) expect(() => checkDay(d)).not.toThrow();
    for (const d of ['2025-02-29', '2026-00-10', '2026-1-2', ' 2026-11-22', '2026-11-22\n', '２０２６-11-22']) {
      expect(() => checkDay(d)).toThrow(expect.objectContaining({ code: 'JOURNAL_DATE_INVALID' }));
    }
  });

  it('fuzz: any string either is a real day or is refused with JOURNAL_DATE_INVALID', () => {
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = '0123456789-T: Z/\u0000é';
    for (let i = 0; i < 5000; i++) {
      const s =
        rnd() < 0.5
          ? Array.from({ length: Math.floor(rnd() * 14) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('')
          : `${String(Math.floor(rnd() * 10000)).padStart(4, '0')}-${String(Math.floor(rnd() * 14)).padStart(2, '0')}-${String(Math.floor(rnd() * 33)).padStart(2, '0')}`;
      let ok = true;
      try {
        checkDay(s);
      } catch (err) {
        ok = false;
        expect(err).toMatchObject({ code: 'JOURNAL_DATE_INVALID' });
      }
      const real = /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
      expect(ok, s).toBe(real);
    }
  });
});

describe('journalTotals', () => {
  // 2026-11-22 23:30 and 2026-11-23 00:30 in China (UTC+8).
  const late = Date.UTC(2026, 10, 22, 15, 30);
  const early = Date.UTC(2026, 10, 22, 16, 30);

  it('counts booked 2102s of the local day, less cancelled ones, from the gateway answer', () => {
    const entries = [
      entry({ msgid: 'a', amountFen: 100, bookedAt: late, answer: { setlId: 'S1', totalFen: 100, acctPayFen: 60 } }),
      entry({ msgid: 'b', amountFen: 200, bookedAt: early, answer: { setlId: 'S2', totalFen: 200, acctPayFen: 200 } }),
      entry({ msgid: 'c', amountFen: 300, bookedAt: late, answer: { setlId: 'S3', totalFen: 300, acctPayFen: 300 } }),
      entry({ msgid: 'd', infno: '2103', amountFen: 300, bookedAt: late, ref: { setlId: 'S3' } }),
      entry({ msgid: 'e', state: 'reversed', amountFen: 999, bookedAt: null }),
      entry({ msgid: 'f', state: 'reversal_pending', amountFen: 999, bookedAt: null }),
    ];
    expect(journalTotals(entries, '2026-11-22', 480)).toEqual({ totalFen: 100, acctPayFen: 60, count: 1 });
    expect(journalTotals(entries, '2026-11-23', 480)).toEqual({ totalFen: 200, acctPayFen: 200, count: 1 });
    // The same instants in UTC fall on one day.
    expect(journalTotals(entries, '2026-11-22', 0)).toEqual({ totalFen: 300, acctPayFen: 260, count: 2 });
  });
});
