/**
 * Journals and trace outboxes from the field migrate on open. The files in
 * fixtures/journal/ were written by the version before the outbox (see
 * fixtures/journal/make.mjs): a journal.db with booked, refused, reversed,
 * reversal-pending, sent and intent entries and a kept cancel, and a
 * trace.db with acknowledged, due, void and waiting uploads; before.json is
 * what that version read back from them. The new code must keep every row
 * and still send what was due.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settlement } from '../../src/gateway/types.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import { readJournalEntries, readTraceUploads } from '../../src/journal/read.js';
import { openWhere, SCHEMA } from '../../src/journal/sqlite-store.js';
import type { JournalEntry } from '../../src/journal/entry.js';
import type { TraceUploadRow } from '../../src/journal/trace/kind.js';
import { manualClock } from '../../src/lib/clock.js';
import { FakeGateway, saleRequest } from './fake-gateway.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/journal');
const before = JSON.parse(readFileSync(join(FIXTURES, 'before.json'), 'utf8')) as { entries: JournalEntry[]; uploads: TraceUploadRow[]; A: string; B: string; G: string };
const LATER = Date.UTC(2026, 10, 21, 2, 0, 0);

/** The field's files, copied so the fixtures stay as they are. */
function fieldCopy(): { dir: string; journal: string; trace: string } {
  const dir = mkdtempSync(join(tmpdir(), 'journal-migrate-'));
  for (const f of ['journal.db', 'trace.db']) copyFileSync(join(FIXTURES, f), join(dir, f));
  return { dir, journal: join(dir, 'journal.db'), trace: join(dir, 'trace.db') };
}

const pragmaOf = (file: string, name: 'user_version' | 'page_size'): number => {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma(name, { simple: true }) as number;
  } finally {
    db.close();
  }
};
const userVersion = (file: string): number => pragmaOf(file, 'user_version');

const opened: SettlementJournal[] = [];
afterEach(async () => {
  for (const j of opened.splice(0)) await j.close();
});

describe('a journal and trace outbox made before the outbox', () => {
  it('are read as they were, without the lock and without changing them', async () => {
    const f = fieldCopy();
    expect(userVersion(f.journal)).toBe(3);
    expect(await readJournalEntries(f.journal)).toEqual(before.entries);
    expect(await readTraceUploads(f.journal)).toEqual(before.uploads);
    expect(userVersion(f.journal)).toBe(3);
    expect(existsSync(f.trace)).toBe(true);
  });

  it('migrate on open: every entry and upload kept, trace.db moved into the journal and kept aside', async () => {
    const f = fieldCopy();
    const j = await SettlementJournal.open(f.journal, { clock: manualClock(LATER), till: 2 });
    opened.push(j);
    expect(userVersion(f.journal)).toBe(SCHEMA.length);
    expect(existsSync(f.trace)).toBe(false);
    expect(existsSync(`${f.trace}.imported`)).toBe(true);
    expect(j.list()).toEqual(before.entries);
    expect(j.traceUploads()).toEqual(before.uploads);
    // Reversals became rows of the outbox, with the attempts and due time the entries held.
    expect(j.outbox({ kind: 'reversal' }).map((r) => [r.key, r.state, r.attempts, r.nextAttemptAt])).toEqual(
      before.entries.filter((e) => e.attempts > 0).map((e) => [e.msgid, e.state === 'reversal_pending' ? 'pending' : 'acknowledged', e.attempts, e.nextAttemptAt]),
    );
    expect(j.pending().map((p) => [p.msgid, p.attempts, p.lastError])).toEqual([[before.entries.find((e) => e.state === 'reversal_pending')!.msgid, 1, 'GATEWAY_UNKNOWN_OUTCOME']]);
    // Indexes: the unfinished entries alone (what recovery reads, by that index), none a sale writes for nothing.
    const db = new (createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3'))(f.journal, { readonly: true });
    try {
      const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
      expect(names).toEqual(['entries_open', 'outbox_due', 'outbox_parent']);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM entries e WHERE ${openWhere('e.state')} ORDER BY e.created_at, e.rowid`).all() as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan.join('; ')).toContain('USING INDEX entries_open');
      // Its condition is OR'd equalities, not an IN list (which made every state change slow).
      const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'entries_open'").get() as { sql: string }).sql;
      expect(sql).toContain(openWhere());
      expect(sql).not.toMatch(/ IN \(/);
    } finally {
      db.close();
    }
    expect(j.list({ state: 'intent' }).length + j.list({ state: 'sent' }).length).toBeGreaterThan(0);
    // The till's msgid block and the used voucher codes came along.
    expect(j.sequenceRange).toEqual({ start: 100, size: 100 });
    expect(j.replayGuard().checkAndRecord('jti-1', Math.floor(LATER / 1000) + 60, Math.floor(Date.UTC(2026, 10, 20, 2, 0, 0) / 1000))).toBe(false);
  });

  it('still send what was due, settle what waited on a sale, and never resend what was acknowledged', async () => {
    const f = fieldCopy();
    const j = await SettlementJournal.open(f.journal, { clock: manualClock(LATER), till: 2 });
    opened.push(j);
    const gw = new FakeGateway();
    gw.seq = 500;
    // The sale that was in flight (B) booked at the gateway; the one stopped before it left did not.
    gw.booked.set(before.B, 1300);
    const report = await j.recover(gw);
    expect(report.booked.map((b) => b.msgid)).toEqual([before.B]);
    expect(report.pending).toEqual([]);
    expect(j.list({ state: 'reversal_pending' })).toEqual([]);
    const setlId = (j.get(before.B)!.answer as Settlement).setlId;
    expect(await j.runOutbox(gw, { kind: 'trace' })).toEqual({ acknowledged: 2, refused: 0, pending: 0 });
    const due = before.uploads.filter((u) => u.state === 'pending' || u.state === 'waiting');
    expect(gw.uploads.map((u) => [u.msgid, u.upload.setlId])).toEqual(due.map((u) => [u.msgid, u.saleMsgid === before.B ? setlId : u.upload.setlId]));
    expect(j.traceUploads().map((u) => u.state)).toEqual(before.uploads.map((u) => (u.state === 'acknowledged' || u.state === 'void' ? u.state : 'acknowledged')));
    // Opened again: nothing imported twice, nothing sent again.
    await j.close();
    const again = await SettlementJournal.open(f.journal, { clock: manualClock(LATER + 1000) });
    opened.push(again);
    expect(again.traceUploads()).toHaveLength(before.uploads.length);
    expect(await again.runOutbox(gw, { all: true })).toEqual({ acknowledged: 0, refused: 0, pending: 0 });
    expect(gw.uploads).toHaveLength(2);
  });
});

describe('page size', () => {
  it('a journal made now has 2 KiB pages; one made before keeps its 4 KiB and takes sales, its rows read back whole', async () => {
    const f = fieldCopy();
    expect(pragmaOf(f.journal, 'page_size')).toBe(4096);
    const made = join(f.dir, 'new.db');
    for (const file of [f.journal, made]) {
      const j = await SettlementJournal.open(file, { clock: manualClock(LATER), till: 2 });
      opened.push(j);
      const gw = new FakeGateway();
      await j.recover(gw);
      // A sale of many lines: its row spills past one 2 KiB page and must still read back whole.
      const req = saleRequest(4000);
      req.items = Array.from({ length: 40 }, (_, i) => ({ code: `X${String(i).padStart(18, '0')}`, name: `药品第${i}号（规格说明文字）`, qty: 1, priceFen: 100 }));
      const msgid = gw.newMsgid();
      await j.settle(gw, req, { msgid, jti: `jti-${file.length}` });
      expect(j.get(msgid)).toMatchObject({ state: 'booked', amountFen: 4000, items: req.items });
      await j.close();
    }
    expect(pragmaOf(f.journal, 'page_size')).toBe(4096);
    expect(pragmaOf(made, 'page_size')).toBe(2048);
  });
});
