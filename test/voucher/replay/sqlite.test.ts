import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteReplayGuard } from '../../../src/voucher/replay/sqlite.js';
import { openDatabase } from '../../../src/lib/sqlite.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'ybv-replay-')), 'replay.db');

describe('SqliteReplayGuard', () => {
  it('accepts a jti once, and still refuses it after a restart', async () => {
    const f = file();
    const a = await SqliteReplayGuard.open(f);
    expect(a.checkAndRecord('jti-aaaaaaaaaaaaaaaa', 1070, 1000)).toBe(true);
    expect(a.checkAndRecord('jti-aaaaaaaaaaaaaaaa', 1070, 1001)).toBe(false);
    a.close();
    const b = await SqliteReplayGuard.open(f);
    expect(b.checkAndRecord('jti-aaaaaaaaaaaaaaaa', 1070, 1002)).toBe(false);
    b.close();
  });

  it('uses WAL and synchronous=FULL', async () => {
    const f = file();
    (await SqliteReplayGuard.open(f)).close();
    const db = await openDatabase(f);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('prunes entries after forget_after', async () => {
    const g = await SqliteReplayGuard.open(file());
    g.checkAndRecord('old-jti-aaaaaaaaaaaa', 1070, 1000);
    g.checkAndRecord('new-jti-aaaaaaaaaaaa', 1200, 1000);
    expect(g.size).toBe(2);
    expect(g.checkAndRecord('other-jti-aaaaaaaaaa', 1300, 1071)).toBe(true);
    expect(g.size).toBe(2);
    // After forgetting, the old entry no longer exists (an expired code is refused earlier by exp).
    expect(g.checkAndRecord('old-jti-aaaaaaaaaaaa', 1400, 1071)).toBe(true);
    g.close();
  });

  it('between prunes, a code past its window is taken again and one inside it is refused', async () => {
    const g = await SqliteReplayGuard.open(file());
    expect(g.checkAndRecord('short-jti-aaaaaaaaaa', 1010, 1000)).toBe(true);
    expect(g.checkAndRecord('long-jti-aaaaaaaaaaa', 1100, 1000)).toBe(true);
    // 11 s later, well before the next prune: the row of the first is still there, its window is not.
    expect(g.size).toBe(2);
    expect(g.checkAndRecord('short-jti-aaaaaaaaaa', 1200, 1011)).toBe(true);
    expect(g.checkAndRecord('short-jti-aaaaaaaaaa', 1200, 1012)).toBe(false);
    expect(g.checkAndRecord('long-jti-aaaaaaaaaaa', 1100, 1012)).toBe(false);
    g.close();
  });

  it('two guards on one file racing with the same jti accept it exactly once', async () => {
    const f = file();
    const guards = await Promise.all([SqliteReplayGuard.open(f), SqliteReplayGuard.open(f)]);
    for (let round = 0; round < 50; round++) {
      const jti = `race-${round}-aaaaaaaaaaaaaaaa`;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => Promise.resolve().then(() => guards[i % 2]!.checkAndRecord(jti, 2000, 1000))));
      expect(results.filter(Boolean)).toHaveLength(1);
    }
    guards.forEach((g) => g.close());
  });
});
