/**
 * A till's share of the pharmacy's msgid sequence (pure). A msgid is the
 * pharmacy code + the local second + 4 digits, and every till of a pharmacy
 * shares the code, so tills must never hand out the same 4 digits in the
 * same second. Without talking to each other, each till owns a disjoint
 * block: till K (1-based) owns `(K-1)*100 .. K*100-1`. Limit: 100 tills of
 * one pharmacy, each sending at most 100 messages a second.
 *
 * @module
 */
import { JournalError } from './errors.js';

/**
 * A till's share of the 4-digit msgid sequence: its first number and how many.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface SequenceRange {
  start: number;
  size: number;
}

export const TILL_BLOCK = 100;
/**
 * The most tills a pharmacy may have: the 4-digit msgid sequence split in blocks of 100.
 */
export const MAX_TILLS = 10_000 / TILL_BLOCK;

/** The whole sequence: a pharmacy with one till that was given no number. */
export const WHOLE_SEQUENCE: SequenceRange = { start: 0, size: 10_000 };

export function checkSequenceRange(r: SequenceRange): SequenceRange {
  const ok = Number.isInteger(r.start) && Number.isInteger(r.size) && r.start >= 0 && r.size > 0 && r.start + r.size <= 10_000;
  if (!ok) throw new JournalError('JOURNAL_TILL_INVALID', { details: { start: r.start, size: r.size, reason: 'the range must lie within 0..9999' } });
  return r;
}

/**
 * Till K's block; refused when K is not a till number (1..100).
 *
 * @param till The till's number, 1 to `MAX_TILLS`.
 */
export function tillSequenceRange(till: number): SequenceRange {
  if (!Number.isInteger(till) || till < 1 || till > MAX_TILLS) {
    throw new JournalError('JOURNAL_TILL_INVALID', { details: { till, reason: `a till number is 1..${MAX_TILLS}` } });
  }
  return { start: (till - 1) * TILL_BLOCK, size: TILL_BLOCK };
}

export const rangeKey = (r: SequenceRange): string => `${r.start}+${r.size}`;

export function parseRangeKey(s: string): SequenceRange | undefined {
  const m = /^(\d+)\+(\d+)$/.exec(s);
  return m ? { start: Number(m[1]), size: Number(m[2]) } : undefined;
}

/** The till whose block a range is, or undefined (the whole sequence, or a range no till owns). */
export function tillOfRange(r: SequenceRange): number | undefined {
  const till = r.start / TILL_BLOCK + 1;
  return r.size === TILL_BLOCK && Number.isInteger(till) && till <= MAX_TILLS ? till : undefined;
}
