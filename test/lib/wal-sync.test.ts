/**
 * The journal commits with `synchronous = NORMAL` and makes the intent of a
 * money message durable by an fdatasync of its `-wal` file (lib/sqlite.ts
 * walSync). These tests watch that call: it must come after the intent is
 * committed, before the message leaves, on the live log file.
 */
import { spawnSync } from 'node:child_process';
import fs, { fstatSync, mkdtempSync, statSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettlementJournal } from '../../src/journal/journal.js';
import { walSync } from '../../src/lib/sqlite.js';
import { FakeGateway, saleRequest } from '../journal/fake-gateway.js';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof import('better-sqlite3');
const dir = () => mkdtempSync(join(tmpdir(), 'wal-sync-'));

/** Every fdatasync of the process, with the inode it reached and what the caller wants to know at that moment. */
let synced: Array<{ ino: number; note?: unknown }> = [];
let noteAtSync: (() => unknown) | undefined;
const realSync = fs.fdatasyncSync;
beforeEach(() => {
  synced = [];
  noteAtSync = undefined;
  fs.fdatasyncSync = (fd: number) => {
    synced.push({ ino: fstatSync(fd).ino, note: noteAtSync?.() });
    realSync(fd);
  };
  syncBuiltinESMExports();
});
afterEach(() => {
  fs.fdatasyncSync = realSync;
  syncBuiltinESMExports();
});

describe('the intent of a money message', () => {
  it('is committed, then its -wal file synced, before the 2102 leaves', async () => {
    const file = join(dir(), 'j.db');
    const j = await SettlementJournal.open(file);
    const gw = new FakeGateway();
    await j.recover(gw);
    const msgid = gw.newMsgid();
    // At each sync: is the intent already in the file (another connection reads it), and has the 2102 left?
    noteAtSync = () => {
      const reader = new Database(file, { readonly: true });
      try {
        const row = reader.prepare('SELECT state FROM entries WHERE msgid = ?').get(msgid) as { state: string } | undefined;
        return { state: row?.state, sent: gw.calls.some((c) => c.infno === '2102') };
      } finally {
        reader.close();
      }
    };
    synced = [];
    await j.settle(gw, saleRequest(500), { msgid, jti: 'jti-wal-1' });
    noteAtSync = undefined;
    const wal = statSync(`${file}-wal`).ino;
    // One sync for the sale, on the live log, with the intent committed and nothing sent yet.
    expect(synced).toEqual([{ ino: wal, note: { state: 'intent', sent: false } }]);
    expect(j.get(msgid)?.state).toBe('booked');
    await j.close();
  });
});

describe('walSync', () => {
  it('keeps syncing the live log while another process opens, writes and closes the same file', () => {
    const file = join(dir(), 'w.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE t (v)');
    const ws = walSync(db)!;
    ws.sync();
    const live = statSync(`${file}-wal`).ino;
    // Another process (a `journal list` while the terminal runs): its close is not the last, so SQLite keeps the log.
    const other = spawnSync(
      process.execPath,
      ['-e', `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const d = new D(${JSON.stringify(file)}); d.exec("INSERT INTO t VALUES ('b')"); d.close();`],
      { encoding: 'utf8' },
    );
    expect(other.status, other.stderr).toBe(0);
    expect(statSync(`${file}-wal`).ino).toBe(live);
    db.exec("INSERT INTO t VALUES ('a')");
    ws.sync();
    expect(synced.map((s) => s.ino)).toEqual([live, live]);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    ws.close();
    db.close();
  });

  it('refuses a sync once its connection closed (the last close removes the log; a new one may follow)', () => {
    const file = join(dir(), 'c.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v)');
    const ws = walSync(db)!;
    ws.sync();
    db.close();
    expect(() => ws.sync()).toThrow(/closed/);
    expect(synced).toHaveLength(1);
    ws.close();
  });

  it('has nothing to sync for a database in memory', () => {
    const db = new Database(':memory:');
    expect(walSync(db)).toBeUndefined();
    db.close();
  });
});
