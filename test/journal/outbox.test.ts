/**
 * The journal's outbox: traceability uploads written in the 2102 intent's
 * commit, due once the sale booked, void when it did not, retried with
 * jittered backoff on the injected clock, timer and random source under
 * one msgid until acknowledged, final on a refusal; rows move only through
 * the transition table; a new kind is one object.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SaleItem } from '../../src/gateway/types.js';
import { SettlementJournal, type JournalOptions } from '../../src/journal/journal.js';
import { OutboxError } from '../../src/journal/outbox/errors.js';
import type { OutboxKind } from '../../src/journal/outbox/row.js';
import { checkRowMove, OUTBOX_NEXT, OUTBOX_STATES } from '../../src/journal/outbox/states.js';
import { manualClock } from '../../src/lib/clock.js';
import { manualTimer } from '../helpers/manual-timer.js';
import { FakeGateway, saleRequest } from './fake-gateway.js';

const T0 = Date.UTC(2026, 10, 22, 2, 0, 0); // 10:00 in China
const items: SaleItem[] = [
  { code: 'A', qty: 2, priceFen: 100, traceCodes: ['81000000000000000001', '81000000000000000002'] },
  { code: 'B', qty: 1, priceFen: 50 },
  { code: 'C', qty: 0.5, priceFen: 300, traceCode: '81000000000000000003' },
];
const tracedSale = (lines: SaleItem[] = items) => ({ ...saleRequest(lines.reduce((n, i) => n + (i.priceFen ?? 0), 0)), items: lines });

const opened: SettlementJournal[] = [];
afterEach(async () => {
  for (const j of opened.splice(0)) await j.close();
});

/** A recovered journal on a fresh file with a manual clock and a timer the test fires by hand. */
async function ready(extra: JournalOptions = {}, file = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'journal.db')) {
  const clock = manualClock(T0);
  const { timer, scheduled: timers } = manualTimer();
  const j = await SettlementJournal.open(file, { clock, timer, backoff: { baseMs: 1000, maxMs: 8000 }, ...extra });
  opened.push(j);
  await j.recover(new FakeGateway());
  return { j, clock, timers, file, gw: new FakeGateway() };
}

describe('outbox rows', () => {
  it('moves only through its transition table, with a typed error otherwise', () => {
    expect(OUTBOX_STATES).toEqual(['waiting', 'pending', 'acknowledged', 'refused', 'void']);
    for (const from of OUTBOX_STATES) {
      for (const to of OUTBOX_STATES) {
        const row = { kind: 'trace', key: 'k', state: from };
        if (OUTBOX_NEXT[from].includes(to)) expect(() => checkRowMove(row, to)).not.toThrow();
        else expect(() => checkRowMove(row, to), `${from} → ${to}`).toThrow(expect.objectContaining({ code: 'OUTBOX_ILLEGAL_TRANSITION', details: { kind: 'trace', key: 'k', from, to } }));
      }
    }
    expect(new OutboxError('OUTBOX_ILLEGAL_TRANSITION').messages.zh).toMatch(/状态异常/);
  });
});

describe('traceability uploads (3505) in the journal', () => {
  it('writes one upload per traced line in the intent commit, waiting until the sale booked', async () => {
    let atIntent: string[] = [];
    const { j, gw } = await ready({ hooks: { at: (point, msgid) => void (point === 'after-intent' && (atIntent = j.traceUploads(msgid).map((u) => u.state))) } });
    const msgid = gw.newMsgid();
    const settlement = await j.settle(gw, tracedSale(), { msgid, jti: 'a' });
    expect(atIntent).toEqual(['waiting', 'waiting']);
    expect(gw.uploads).toHaveLength(0);
    const rows = j.traceUploads(msgid);
    expect(rows.map((r) => [r.state, r.upload.line, r.upload.traceCodes.length, r.upload.partPack, r.upload.setlId, r.upload.saleTime])).toEqual([
      ['pending', 1, 2, false, settlement.setlId, '2026-11-22 10:00:00'],
      ['pending', 3, 1, true, settlement.setlId, '2026-11-22 10:00:00'],
    ]);
    expect(await j.runOutbox(gw, { kind: 'trace' })).toEqual({ acknowledged: 2, refused: 0, pending: 0 });
    expect(gw.uploads.map((u) => u.msgid)).toEqual(rows.map((r) => r.msgid));
  });

  it('sends them after the sale by the background worker, once it started', async () => {
    const { j, gw, timers } = await ready();
    j.startOutbox(gw);
    const msgid = gw.newMsgid();
    await j.settle(gw, tracedSale([items[0]!]), { msgid, jti: 'a' });
    const due = timers.filter((t) => t.live);
    expect(due.map((t) => t.ms)).toEqual([0]);
    due[0]!.fn();
    await j.runOutbox(gw, { kind: 'trace' }); // waits for the round the timer started
    expect(j.traceUploads(msgid).map((u) => u.state)).toEqual(['acknowledged']);
    expect(gw.uploads).toHaveLength(1);
  });

  it('voids the uploads of a sale that was refused or reversed, and never sends them', async () => {
    const { j, gw } = await ready();
    gw.settleScript = ['refused', 'unknown'];
    const refused = gw.newMsgid();
    await expect(j.settle(gw, tracedSale(), { msgid: refused, jti: 'a' })).rejects.toMatchObject({ code: 'GATEWAY_INSUFFICIENT_BALANCE' });
    const lost = gw.newMsgid();
    await expect(j.settle(gw, tracedSale(), { msgid: lost, jti: 'b' })).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', details: { reversal: 'done' } });
    expect(j.traceUploads(refused).map((u) => u.state)).toEqual(['void', 'void']);
    expect(j.traceUploads(lost).map((u) => u.state)).toEqual(['void', 'void']);
    expect(await j.runOutbox(gw, { all: true, kind: 'trace' })).toEqual({ acknowledged: 0, refused: 0, pending: 0 });
    expect(gw.uploads).toHaveLength(0);
  });

  it('retries a lost upload with jittered backoff under the same msgid until acknowledged', async () => {
    const { j, gw, clock } = await ready({ backoff: { baseMs: 1000, maxMs: 8000, jitter: 0.5 }, random: () => 0.5 });
    gw.uploadScript = ['lost', 'lost', 'ok'];
    const msgid = gw.newMsgid();
    await j.settle(gw, tracedSale([items[0]!]), { msgid, jti: 'a' });
    expect(await j.runOutbox(gw)).toMatchObject({ pending: 1 });
    // 1000 ms less half of the jitter share: 1000 * (1 - 0.5 * 0.5).
    expect(j.traceUploads(msgid)[0]).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 750, lastError: 'GATEWAY_UNKNOWN_OUTCOME' });
    await j.runOutbox(gw); // not due yet
    expect(gw.uploads).toHaveLength(1);
    clock.advance(750);
    await j.runOutbox(gw);
    expect(j.traceUploads(msgid)[0]).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 750 + 1500 });
    clock.advance(1500);
    expect(await j.runOutbox(gw)).toMatchObject({ acknowledged: 1, pending: 0 });
    expect(new Set(gw.uploads.map((u) => u.msgid))).toEqual(new Set([j.traceUploads(msgid)[0]!.msgid]));
    expect(j.traceUploads(msgid)[0]).toMatchObject({ state: 'acknowledged', attempts: 3, lastError: null, nextAttemptAt: null });
  });

  it('keeps a refusal as final and never resends it', async () => {
    const { j, gw, clock } = await ready();
    gw.uploadScript = ['refused'];
    const msgid = gw.newMsgid();
    await j.settle(gw, tracedSale([items[0]!]), { msgid, jti: 'a' });
    expect(await j.runOutbox(gw)).toMatchObject({ refused: 1, pending: 0 });
    clock.advance(60_000);
    await j.runOutbox(gw, { all: true });
    expect(gw.uploads).toHaveLength(1);
    expect(j.outbox({ kind: 'trace', state: 'refused' })[0]).toMatchObject({ lastError: 'GATEWAY_TRACE_CODE_SOLD' });
  });

  it('after a crash in flight, recovery settles the waiting uploads from how each sale ended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const file = join(dir, 'journal.db');
    const hang = new Promise<void>(() => {});
    const stuck = new Set<string>();
    const first = await ready({ hooks: { at: (point, msgid) => (point === 'in-flight' && stuck.has(msgid) ? hang : undefined) } }, file);
    const [booked, lost] = [first.gw.newMsgid(), first.gw.newMsgid()];
    for (const [msgid, jti] of [[booked, 'a'], [lost, 'b']] as const) {
      stuck.add(msgid);
      void first.j.settle(first.gw, tracedSale([items[0]!]), { msgid, jti });
    }
    await new Promise((r) => setImmediate(r));
    expect(first.j.traceUploads().map((u) => u.state)).toEqual(['waiting', 'waiting']);
    await first.j.close();
    const j = await SettlementJournal.open(file, { clock: manualClock(T0 + 5000) });
    opened.push(j);
    const gw = new FakeGateway();
    gw.seq = 100; // msgids past those the first life used
    gw.booked.set(booked, 440);
    const report = await j.recover(gw);
    expect(report.booked.map((b) => b.msgid)).toEqual([booked]);
    expect(report.reversed.map((b) => b.msgid)).toEqual([lost]);
    expect([j.traceUploads(booked)[0]!.state, j.traceUploads(lost)[0]!.state]).toEqual(['pending', 'void']);
    expect(j.traceUploads(booked)[0]!.upload.setlId).toBe(`S${booked.slice(-6)}`);
    expect(await j.runOutbox(gw, { kind: 'trace' })).toEqual({ acknowledged: 1, refused: 0, pending: 0 });
  });
});

describe('a new kind of row', () => {
  it('is one object: written with the intent, completed from the answer, sent by the same worker', async () => {
    const sent: Array<{ key: string; payload: { setlId?: string; amountFen: number } }> = [];
    let fail = 1;
    const push: OutboxKind<{ setlId?: string; amountFen: number }> = {
      name: 'push',
      rowsFor: (intent) => (intent.infno === '2102' ? [{ key: `push-${intent.msgid}`, payload: { amountFen: intent.amountFen } }] : []),
      ready: (payload, booked) => ({ ...payload, setlId: (booked.answer as { setlId: string }).setlId }),
      async send(row) {
        if (fail-- > 0) throw new Error('ECONNREFUSED');
        sent.push({ key: row.key, payload: row.payload });
        return { ok: true };
      },
    };
    const { j, gw, clock } = await ready({ outboxKinds: [push] });
    const msgid = gw.newMsgid();
    const s = await j.settle(gw, saleRequest(880), { msgid, jti: 'a' });
    expect(await j.runOutbox(gw, { kind: 'push' })).toEqual({ acknowledged: 0, refused: 0, pending: 1 });
    expect(j.outbox({ kind: 'push' })[0]).toMatchObject({ parent: msgid, attempts: 1, nextAttemptAt: T0 + 1000, lastError: 'Error' });
    clock.advance(1000);
    expect(await j.runOutbox(gw, { kind: 'push' })).toMatchObject({ acknowledged: 1 });
    expect(sent).toEqual([{ key: `push-${msgid}`, payload: { amountFen: 880, setlId: s.setlId } }]);
    expect(j.outbox({ kind: 'push' })[0]).toMatchObject({ state: 'acknowledged', answer: { ok: true } });
  });

  it('keeps a reversal as a row: its attempts and due time shown on the entry', async () => {
    const { j, gw } = await ready();
    gw.settleScript = ['unknown'];
    gw.reverseScript = ['unknown'];
    const msgid = gw.newMsgid();
    await expect(j.settle(gw, saleRequest(700), { msgid, jti: 'a' })).rejects.toMatchObject({ details: { reversal: 'pending' } });
    expect(j.outbox({ kind: 'reversal' })).toEqual([expect.objectContaining({ key: msgid, parent: msgid, state: 'pending', attempts: 1, nextAttemptAt: T0 + 1000 })]);
    expect(j.get(msgid)).toMatchObject({ state: 'reversal_pending', attempts: 1, nextAttemptAt: T0 + 1000 });
  });
});
