import { describe, expect, it } from 'vitest';
import { classifyScan, NATIONAL_CODE_PATTERN, scanKind, TRACE_CODE, VOUCHER_PREFIX } from '../../src/voucher/classify.js';
import * as root from '../../src/index.js';
import * as voucher from '../../src/voucher/index.js';

const NATIONAL = '4243754826492874240001130000';
const TRACE = '81234567890123456789';

describe('classifyScan', () => {
  it('tells a voucher, a national code, a traceability code and an item apart', () => {
    expect([`${VOUCHER_PREFIX}eyJ.a.b`, NATIONAL, TRACE, '6901234567892', '', '\x1d0104912345678904'].map((t) => classifyScan(t))).toEqual([
      'voucher',
      'national',
      'trace',
      'item',
      'item',
      'item',
    ]);
  });

  it('takes the terminal\'s national pattern, or none', () => {
    expect(classifyScan('EC0123456789', { national: /^EC\d{10}$/ })).toBe('national');
    expect(classifyScan(NATIONAL, { national: /^EC\d{10}$/ })).toBe('item');
    expect(classifyScan(NATIONAL, { national: false })).toBe('item');
    // A pattern that also matches 20 digits wins over the traceability code: a voucher is never sold as a drug.
    expect(classifyScan(TRACE, { national: /^\d{20,28}$/ })).toBe('national');
    // The prefix wins over any pattern.
    expect(classifyScan(`${VOUCHER_PREFIX}1`, { national: /./ })).toBe('voucher');
  });

  it('reads a global or sticky pattern from its start every time', () => {
    const g = /^\d{28}$/g;
    expect([classifyScan(NATIONAL, { national: g }), classifyScan(NATIONAL, { national: g })]).toEqual(['national', 'national']);
  });

  it("gives a scan's kind: voucher only for the prefix", () => {
    expect([scanKind(`${VOUCHER_PREFIX}x`), scanKind(NATIONAL), scanKind(TRACE)]).toEqual(['voucher', 'item', 'item']);
  });

  it('is the one home of the prefix and the classification the entries export', () => {
    expect(voucher.VOUCHER_PREFIX).toBe(VOUCHER_PREFIX);
    expect(root.VOUCHER_PREFIX).toBe(VOUCHER_PREFIX);
    expect(voucher.classifyScan).toBe(classifyScan);
    expect(root.classifyScan).toBe(classifyScan);
  });
});
