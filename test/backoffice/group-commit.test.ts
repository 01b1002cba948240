/**
 * Group commit: pushes that arrive together are stored in one transaction,
 * each answered for itself (a replay inside the batch refused alone, a msgid
 * carried by two pushes stored once), and nothing is answered before the
 * commit. Runs on PGlite, and on a real server when YIBAO_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/backoffice/db.js';
import { GroupCommit } from '../../src/backoffice/group-commit.js';
import { ingestBatch, type PushResult } from '../../src/backoffice/ingest.js';
import { Partitions } from '../../src/backoffice/partitions.js';
import { migrate } from '../../src/backoffice/schema.js';
import type { PushBody, PushEntry } from '../../src/journal/push-format.js';
import { ENGINES } from './database.js';

const P1 = 'P42010000001';
const P2 = 'P42010000002';
const NOW = Date.parse('2026-11-22T10:00:00+08:00');

const entry = (pharmacy: string, n: number): PushEntry => ({
  msgid: `${pharmacy}20261122100000${String(n).padStart(4, '0')}`,
  infno: '2102', state: 'booked', psnNo: 'P1', insutype: '310', clrType: '41', setlOptins: '420100',
  amountFen: 100 * n, totalFen: 100 * n, fundPayFen: 0, acctPayFen: 100 * n, cashFen: 0,
  setlId: `S${n}`, mdtrtId: `M${n}`, cancelsSetlId: null, bookedAt: NOW, createdAt: NOW,
});
const push = (pharmacy: string, till: number, nonce: string, ns: number[], unpushed = 0): PushBody => ({
  v: 1, pharmacy, till, nonce, sentAt: NOW, entries: ns.map((n) => entry(pharmacy, n)), uploads: [],
  status: { pendingReversals: [], pendingUploads: 0, unpushed },
});

describe.each(ENGINES)('group commit on $name', (engine) => {
  let sql: Sql;
  let partitions: Partitions;
  beforeAll(async () => {
    sql = await engine.open();
    await migrate(sql);
    partitions = new Partitions(sql);
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
  });

  it('answers each push of a batch for itself: a replayed nonce refused alone, a msgid in two pushes stored once', async () => {
    const results: PushResult[] = await ingestBatch(sql, partitions, [
      push(P1, 1, 'a', [1, 2]),
      push(P1, 1, 'a', [3]), // the same nonce again: a replay
      push(P1, 2, 'b', [2, 4]), // till 2's msgid ...0002 is its own (the key holds the till)
      push(P2, 3, 'c', [1], 5),
      push(P1, 1, 'd', [2, 5], 1), // till 1's ...0002 again (a retry overtaking its first try)
      { ...push(P1, 1, 'e', [6]), sentAt: NOW - 3_600_000 }, // stale
    ], NOW);
    expect(results[0]).toEqual({ accepted: 2, duplicates: 0 });
    expect((results[1] as { code?: string }).code).toBe('BACKOFFICE_PUSH_REPLAYED');
    expect(results[2]).toEqual({ accepted: 2, duplicates: 0 });
    expect(results[3]).toEqual({ accepted: 1, duplicates: 0 });
    expect(results[4]).toEqual({ accepted: 1, duplicates: 1 });
    expect((results[5] as { code?: string }).code).toBe('BACKOFFICE_PUSH_REPLAYED');
    const rows = await sql.query<{ pharmacy: string; till: number; msgid: string }>('SELECT pharmacy, till, msgid FROM entries ORDER BY pharmacy, till, msgid');
    expect(rows.map((r) => `${r.pharmacy}/${r.till}/${r.msgid.slice(-4)}`)).toEqual([
      `${P1}/1/0001`, `${P1}/1/0002`, `${P1}/1/0005`, `${P1}/2/0002`, `${P1}/2/0004`, `${P2}/3/0001`,
    ]);
    // The last push of a till in the batch sets its status.
    const status = await sql.query<{ till: number; unpushed: number }>('SELECT till, unpushed FROM till_status ORDER BY till');
    expect(status.map((s) => [Number(s.till), Number(s.unpushed)])).toEqual([[1, 1], [2, 0], [3, 5]]);
  });

  it('a second copy of a stored push is a replay; its entries, pushed again under a new nonce, are duplicates', async () => {
    const [again] = await ingestBatch(sql, partitions, [push(P1, 1, 'a', [1])], NOW);
    expect((again as { code?: string }).code).toBe('BACKOFFICE_PUSH_REPLAYED');
    const [retry] = await ingestBatch(sql, partitions, [push(P1, 1, 'f', [1, 2])], NOW);
    expect(retry).toEqual({ accepted: 0, duplicates: 2 });
  });

  it('concurrent submissions are written in fewer transactions than pushes, each answered after its commit', async () => {
    const batches: number[] = [];
    let committed = 0;
    const commits = new GroupCommit({
      store: async (pushes) => {
        batches.push(pushes.length);
        const out = await ingestBatch(sql, partitions, pushes, NOW);
        committed += pushes.length;
        return out;
      },
      concurrency: 1,
      maxItems: 2000,
    });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        commits.submit(push(P2, 3, `g${i}`, [100 + i])).then((a) => ({ a, committedBefore: committed })),
      ),
    );
    expect(answers.every(({ a }) => a.accepted === 1 && a.duplicates === 0)).toBe(true);
    // FIFO: the i-th push is answered only once its batch, and every batch before it, committed.
    expect(answers.every(({ committedBefore }, i) => committedBefore >= i + 1)).toBe(true);
    expect(batches.reduce((s, n) => s + n, 0)).toBe(40);
    expect(batches.length).toBeLessThan(40);
    const [count] = await sql.query<{ n: number }>(`SELECT count(*) AS n FROM entries WHERE pharmacy = $1 AND msgid >= $2`, [P2, entry(P2, 100).msgid]);
    expect(Number(count?.n)).toBe(40);
  });

  it('a refusal reaches only its own submitter', async () => {
    const commits = new GroupCommit({ store: (pushes) => ingestBatch(sql, partitions, pushes, NOW), concurrency: 1, maxItems: 2000 });
    const [ok, replay] = await Promise.allSettled([commits.submit(push(P2, 3, 'h', [200])), commits.submit(push(P2, 3, 'h', [201]))]);
    expect(ok).toEqual({ status: 'fulfilled', value: { accepted: 1, duplicates: 0 } });
    expect(replay.status === 'rejected' && (replay.reason as { code?: string }).code).toBe('BACKOFFICE_PUSH_REPLAYED');
  });
});
