/**
 * The back office's msgid block: per pharmacy, the highest block of the
 * 4-digit sequence that none of its tills owns (till K owns (K-1)*100 …),
 * so its 3201/3202 never share a msgid with a till; none when the tills own all.
 */
import { describe, expect, it } from 'vitest';
import { backofficeBlock } from '../../src/backoffice/gateway-clients.js';

describe('backofficeBlock', () => {
  it('takes the highest block no till of the pharmacy owns', () => {
    expect(backofficeBlock([1, 2])).toBe(9900);
    expect(backofficeBlock([100])).toBe(9800);
    expect(backofficeBlock([99, 100])).toBe(9700);
    // Tills of other pharmacies do not count: their msgids carry another pharmacy code.
    expect(backofficeBlock([3])).toBe(9900);
  });

  it('has none when the tills own every block', () => {
    expect(backofficeBlock(Array.from({ length: 100 }, (_, i) => i + 1))).toBeUndefined();
    expect(backofficeBlock(Array.from({ length: 99 }, (_, i) => i + 2))).toBe(0);
  });
});
