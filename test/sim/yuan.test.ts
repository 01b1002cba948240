import { describe, expect, it } from 'vitest';
import { formatYuan, parseYuan } from '../../src/sim/yuan.js';

describe('wire yuan', () => {
  it('parses exact amounts at the edges', () => {
    expect(parseYuan('0.01')).toBe(1);
    expect(parseYuan('26.8')).toBe(2680);
    expect(parseYuan(26.8)).toBe(2680);
    expect(parseYuan('99999999.99')).toBe(9999999999);
    expect(parseYuan(0.1 + 0.2)).toBeUndefined();
    for (const bad of ['-1', '1.001', '1e3', '', ' 1', '01', '1.', '.5', 'NaN', null, {}, -0.01, Infinity]) expect(parseYuan(bad)).toBeUndefined();
    expect(formatYuan(2680)).toBe('26.80');
    expect(formatYuan(1)).toBe('0.01');
    expect(formatYuan(-150)).toBe('-1.50');
  });

  it('round-trips every amount it formats (random) and never throws on junk', () => {
    let seed = 99;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 20000; i++) {
      const fen = rnd(2 ** 31 - 1);
      expect(parseYuan(formatYuan(fen))).toBe(fen);
      const junk = Array.from({ length: rnd(12) }, () => '0123456789.-e+ x'[rnd(16)]).join('');
      const v = parseYuan(junk);
      if (v !== undefined) expect(formatYuan(v).replace(/\.?0+$/, '')).toBe(junk.includes('.') ? junk.replace(/\.?0+$/, '') : junk);
    }
  });
});
