/**
 * One malformed JSON value in an unfinished journal row (its `ref`) once made
 * the terminal's start and `journal recover` fail with a raw
 * "Expected property name…". Rows are read defensively: the damaged one is
 * JOURNAL_ROW_CORRUPT naming its msgid, passed over by recovery (the terminal
 * starts and sells), and still listed for the operator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SettlementJournal, type Gateway } from '../../src/index.js';
import { SqliteJournalStore } from '../../src/journal/sqlite-store.js';

const MSGID = 'P4201000000120261207080000' + '0001';

describe('a journal row that does not parse', () => {
  it('is JOURNAL_ROW_CORRUPT naming its msgid; recovery goes on and the row stays listed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'corrupt-row-')), 'journal.db');
    const store = await SqliteJournalStore.open(file);
    store.insertIntent({ msgid: MSGID, infno: '2102', psnNo: '42010090000001', insuplcAdmdvs: '420100', amountFen: 880, items: [{ code: 'X', qty: 1, priceFen: 880 }], ref: { name: '张*三' } }, 1_790_000_000_000);
    store.close();
    const db = new Database(file);
    db.prepare('UPDATE entries SET ref = ? WHERE msgid = ?').run('{not json', MSGID);
    db.close();

    const journal = await SettlementJournal.open(file);
    try {
      // No other unfinished row: recovery asks the gateway nothing.
      const report = await journal.recover({} as Gateway);
      expect(report.found).toBe(0);
      expect(report.corrupt).toHaveLength(1);
      expect(report.corrupt![0]).toMatchObject({ code: 'JOURNAL_ROW_CORRUPT', details: { msgid: MSGID, columns: ['ref'] }, messages: { zh: expect.stringContaining('journal list'), en: expect.any(String) } });
      expect(journal.list()).toEqual([expect.objectContaining({ msgid: MSGID, corrupt: ['ref'], amountFen: 880 })]);
    } finally {
      await journal.close();
    }
  });
});
