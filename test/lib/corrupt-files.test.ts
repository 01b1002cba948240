/**
 * A damaged journal, outbox or replay guard is found at open
 * (`PRAGMA quick_check`): DATA_FILE_CORRUPT naming the file and the fix,
 * before anything is read or written; `journal list` says so (in --json too)
 * instead of printing whatever part it could read.
 */
import { copyFileSync, openSync, readFileSync, writeSync, closeSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readJournalEntries, SettlementJournal, SqliteReplayGuard } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

/** A journal, outbox or guard made by its own code, `rows` rows of filler added, then page 3 (inside the data) overwritten. */
async function damaged(file: string, rows = 400): Promise<void> {
  if (file.endsWith('journal.db')) await (await SettlementJournal.open(file)).close();
  // A trace outbox file is only ever made by an earlier version now (the journal moves it in on open).
  else if (file.endsWith('trace.db')) copyFileSync(join(import.meta.dirname, '../../fixtures/journal/trace.db'), file);
  else (await SqliteReplayGuard.open(file)).close();
  const db = new Database(file);
  db.exec('CREATE TABLE filler (k TEXT PRIMARY KEY, v TEXT); CREATE INDEX filler_v ON filler (v)');
  const put = db.prepare('INSERT INTO filler VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) put.run(`key-${i}`, `value-${i}-${'x'.repeat(40)}`);
  })();
  db.close();
  const pageSize = readFileSync(file).readUInt16BE(16);
  expect(statSync(file).size).toBeGreaterThan(4 * pageSize);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, 2 * pageSize);
  closeSync(fd);
}

const corrupt = (file: string) => expect.objectContaining({ code: 'DATA_FILE_CORRUPT', details: expect.objectContaining({ path: file, fix: expect.stringContaining('move the file') }) });

describe('corrupted files', () => {
  it('journal, trace outbox and replay guard: DATA_FILE_CORRUPT naming the file and the fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrupt-'));
    for (const name of ['journal.db', 'trace.db', 'replay.db']) await damaged(join(dir, name));
    await expect(SettlementJournal.open(join(dir, 'journal.db'))).rejects.toEqual(corrupt(join(dir, 'journal.db')));
    await expect(readJournalEntries(join(dir, 'journal.db'))).rejects.toEqual(corrupt(join(dir, 'journal.db')));
    // A damaged old trace outbox beside a sound journal: the journal's open names it, and lets go of its lock.
    const beside = mkdtempSync(join(tmpdir(), 'corrupt-'));
    await damaged(join(beside, 'trace.db'));
    await expect(SettlementJournal.open(join(beside, 'journal.db'))).rejects.toEqual(corrupt(join(beside, 'trace.db')));
    await expect(SettlementJournal.open(join(beside, 'journal.db'))).rejects.toEqual(corrupt(join(beside, 'trace.db')));
    await expect(SqliteReplayGuard.open(join(dir, 'replay.db'))).rejects.toEqual(corrupt(join(dir, 'replay.db')));
    // Refused, not locked out: the lock was released, so a repaired file opens at once.
    await expect(SettlementJournal.open(join(dir, 'journal.db'))).rejects.toEqual(corrupt(join(dir, 'journal.db')));
  });

  it('`journal list` on a damaged journal: exit 2 and the error, in --json as one JSON object, never a partial list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrupt-cli-'));
    const file = join(dir, 'journal.db');
    await damaged(file);
    const text = await runCli(['journal', 'list', '--journal', file]);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain('DATA_FILE_CORRUPT');
    expect(text.stderr).toContain(file);
    expect(text.stderr).toContain('fix: ');
    const json = await runCli(['journal', 'list', '--journal', file, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, code: 'DATA_FILE_CORRUPT', message: { zh: expect.any(String), en: expect.any(String) }, details: { path: file } });
  });
});
