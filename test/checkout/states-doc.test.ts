/** docs/checkout.md draws the sale's transition table; this keeps the drawing equal to the code's table. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINAL_STATES, SALE_TRANSITIONS, type SaleState } from '../../src/checkout/states.js';

describe('docs/checkout.md', () => {
  it('draws exactly the moves of SALE_TRANSITIONS', () => {
    const doc = readFileSync(new URL('../../docs/checkout.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf("## The sale's lifecycle"), doc.indexOf('## The terminal as a resource stack'));
    const drawn = new Map<string, Set<string>>();
    let state = '';
    for (const line of section.split('\n').filter((l) => /^\| (`|\|)/.test(l))) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells[1]) state = cells[1].replaceAll('`', '');
      const to = cells[4]!.replaceAll('`', '');
      const moves = drawn.get(state) ?? new Set<string>();
      if (to !== 'final') moves.add(to);
      drawn.set(state, moves);
    }
    const all = Object.keys(SALE_TRANSITIONS) as SaleState[];
    expect([...drawn.keys()].sort()).toEqual([...all].sort());
    // The prose adds refused and cancelled to every state before settling.
    const beforeSending = all.filter((s) => !FINAL_STATES.has(s) && s !== 'settling');
    for (const s of all) {
      const expected = new Set(drawn.get(s));
      if (beforeSending.includes(s)) expected.add('refused').add('cancelled');
      expect([...expected].sort(), s).toEqual([...SALE_TRANSITIONS[s]].sort());
    }
  });
});
