/**
 * The journal's parts: the in-memory store behaves like the SQLite one, one
 * predicate says what is unfinished, an illegal move is reported as such,
 * a till's msgid block is fixed and kept by its journal, the used voucher
 * code is committed with the intent, and reversal retries are jittered.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventEmitter } from 'eventemitter3';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalCore } from '../../src/journal/core.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import { MemoryJournalStore } from '../../src/journal/memory-store.js';
import { canMove, ENTRY_STATES, isUnfinished } from '../../src/journal/states.js';
import { SqliteJournalStore } from '../../src/journal/sqlite-store.js';
import { tillSequenceRange } from '../../src/journal/till.js';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/lib/retry.js';
import { silentLogger } from '../../src/lib/log.js';
import { FakeGateway, saleRequest } from './fake-gateway.js';

const open: SettlementJournal[] = [];
afterEach(async () => {
  for (const j of open.splice(0)) await j.close();
});

describe('journal shape', () => {
  it('the in-memory journal settles, reverses and recovers like the SQLite one', async () => {
    const j = SettlementJournal.inMemory();
    open.push(j);
    const gw = new FakeGateway();
    await j.recover(gw);
    const a = gw.newMsgid();
    await j.settle(gw, saleRequest(300), { msgid: a, jti: 'j1' });
    gw.settleScript = ['unknown-booked'];
    const b = gw.newMsgid();
    await expect(j.settle(gw, saleRequest(400), { msgid: b, jti: 'j2' })).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', details: { reversal: 'done' } });
    expect(j.list().map((e) => [e.infno, e.state])).toEqual([
      ['2102', 'booked'],
      ['2102', 'reversed'],
      ['2601', 'booked'],
    ]);
    expect([...gw.booked.keys()]).toEqual([a]);
  });

  it('one predicate decides what is unfinished, for money messages and reversal attempts', () => {
    const open2102 = ENTRY_STATES.filter((s) => isUnfinished({ infno: '2102', state: s }));
    const open2601 = ENTRY_STATES.filter((s) => isUnfinished({ infno: '2601', state: s }));
    expect(open2102).toEqual(['intent', 'sent', 'unknown', 'reversal_pending']);
    expect(open2601).toEqual(['intent', 'sent']);
  });

  it('reports an illegal move as JOURNAL_ILLEGAL_TRANSITION, not as a storage failure', () => {
    const store = new MemoryJournalStore();
    const core = new JournalCore(store, () => 0, silentLogger, {}, new EventEmitter());
    store.insertIntent({ msgid: 'm1', infno: '2102', psnNo: 'P', insuplcAdmdvs: '420100', amountFen: 1 }, 0);
    core.move('m1', 'sent');
    core.move('m1', 'booked');
    expect(() => core.move('m1', 'reversed')).toThrow(expect.objectContaining({ code: 'JOURNAL_ILLEGAL_TRANSITION', details: expect.objectContaining({ from: 'booked', to: 'reversed' }) }));
    expect(() => core.move('nope', 'sent')).toThrow(expect.objectContaining({ code: 'JOURNAL_ILLEGAL_TRANSITION' }));
  });

  it('both stores make exactly the moves the state table allows, for every message, and a move is one statement on SQLite', async () => {
    const sqlite = await SqliteJournalStore.open(join(mkdtempSync(join(tmpdir(), 'j-')), 'j.db'));
    try {
      for (const store of [new MemoryJournalStore(), sqlite]) {
        let n = 0;
        for (const infno of ['2102', '2103', '2601'] as const) {
          for (const from of ENTRY_STATES) {
            for (const to of ENTRY_STATES) {
              const msgid = `m${n++}`;
              store.insertIntent({ msgid, infno, psnNo: 'P', insuplcAdmdvs: '420100', amountFen: 1 }, 0);
              store.setState(msgid, from, 0);
              const moved = store.moveState(msgid, to, 1, { errorCode: 'E' });
              const allowed = from !== to && canMove(from, to, infno);
              expect(moved, `${store.constructor.name} ${infno} ${from} → ${to}`).toBe(allowed ? infno : undefined);
              expect(store.stateOf(msgid)?.state).toBe(allowed ? to : from);
              expect(store.get(msgid)?.errorCode ?? null).toBe(allowed ? 'E' : null);
            }
          }
        }
        expect(store.moveState('none', 'booked', 1)).toBeUndefined();
      }
    } finally {
      sqlite.close();
    }
  });

  it('gives till K its own block of the msgid sequence, refuses what cannot be unique, and a journal keeps its till', async () => {
    expect(tillSequenceRange(1)).toEqual({ start: 0, size: 100 });
    expect(tillSequenceRange(3)).toEqual({ start: 200, size: 100 });
    for (const bad of [0, 101, 1.5]) expect(() => tillSequenceRange(bad)).toThrow(expect.objectContaining({ code: 'JOURNAL_TILL_INVALID' }));
    await expect(SettlementJournal.open(join(mkdtempSync(join(tmpdir(), 'j-')), 'j.db'), { sequenceRange: { start: 9990, size: 20 } })).rejects.toMatchObject({ code: 'JOURNAL_TILL_INVALID' });
    const file = join(mkdtempSync(join(tmpdir(), 'j-')), 'j.db');
    const j = await SettlementJournal.open(file, { till: 2 });
    const seq = j.sequence();
    expect([seq.nextSeq('20261122100000'), seq.nextSeq('20261122100000')]).toEqual([100, 101]);
    await j.close();
    await expect(SettlementJournal.open(file, { till: 1 })).rejects.toMatchObject({ code: 'JOURNAL_TILL_MISMATCH' });
    const again = await SettlementJournal.open(file);
    open.push(again);
    expect(again.sequenceRange).toEqual({ start: 100, size: 100 });
  });

  it('commits the voucher codes of a sale with its intent', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'j-')), 'j.db');
    const j = await SettlementJournal.open(file);
    open.push(j);
    const gw = new FakeGateway();
    await j.recover(gw);
    let seenAtSend: unknown[] = [];
    gw.settleScript = ['booked'];
    const settle = gw.settle.bind(gw);
    gw.settle = async (req, opts) => {
      const db = new Database(file, { readonly: true });
      seenAtSend = db.prepare('SELECT jti FROM seen ORDER BY jti').all();
      db.close();
      return settle(req, opts);
    };
    await j.settle(gw, saleRequest(100), { msgid: gw.newMsgid(), jti: 'patient-jti', payerJti: 'payer-jti' });
    expect(seenAtSend).toEqual([{ jti: 'patient-jti' }, { jti: 'payer-jti' }]);
    // And the journal's guard refuses them now.
    expect(j.replayGuard().checkAndRecord('patient-jti', 2e9, 1e9)).toBe(false);
  });

  it('a code its own guard recorded at verify stays used after the sale that uses it, as does one recorded elsewhere', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'j-')), 'j.db');
    const j = await SettlementJournal.open(file);
    const gw = new FakeGateway();
    await j.recover(gw);
    expect(j.replayGuard().checkAndRecord('verified-here', 2e9, 1e9)).toBe(true);
    await j.settle(gw, saleRequest(100), { msgid: gw.newMsgid(), jti: 'verified-here', payerJti: 'verified-elsewhere' });
    await j.close();
    const again = await SettlementJournal.open(file);
    open.push(again);
    for (const jti of ['verified-here', 'verified-elsewhere']) expect(again.replayGuard().checkAndRecord(jti, 2e9, 1e9), jti).toBe(false);
  });

  it('spreads reversal retries: the same attempt waits a different time on different terminals', () => {
    const waits = [0, 0.25, 0.5, 0.75, 0.99].map((r) => backoffDelay(3, DEFAULT_BACKOFF, () => r));
    expect(new Set(waits).size).toBe(5);
    for (const w of waits) {
      expect(w).toBeLessThanOrEqual(4000);
      expect(w).toBeGreaterThanOrEqual(2000);
    }
    // Without jitter configured the wait stays exact.
    expect(backoffDelay(3, { baseMs: 1000, maxMs: 60_000 }, () => 0.9)).toBe(4000);
  });
});
