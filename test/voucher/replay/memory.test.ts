import { describe, expect, it } from 'vitest';
import { MemoryReplayGuard } from '../../../src/voucher/replay/memory.js';

describe('MemoryReplayGuard', () => {
  it('accepts once, forgets after forget_after', () => {
    const g = new MemoryReplayGuard();
    expect(g.checkAndRecord('a', 1070, 1000)).toBe(true);
    expect(g.checkAndRecord('a', 1070, 1070)).toBe(false);
    expect(g.checkAndRecord('b', 1200, 1071)).toBe(true);
    expect(g.size).toBe(1);
    expect(g.checkAndRecord('a', 1140, 1071)).toBe(true);
  });
});
