import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettlementJournal } from '../../src/journal/journal.js';
import { manualTimer } from '../helpers/manual-timer.js';
import { manualClock } from '../../src/lib/clock.js';
import { FakeGateway, PIN_BLOCK, saleRequest } from './fake-gateway.js';

const T0 = Date.UTC(2026, 10, 22, 2, 0, 0); // 10:00 in China
const open: SettlementJournal[] = [];
const dir = () => mkdtempSync(join(tmpdir(), 'journal-'));


async function openJournal(file: string, extra: Parameters<typeof SettlementJournal.open>[1] = {}) {
  const j = await SettlementJournal.open(file, extra);
  open.push(j);
  return j;
}

/** An open, recovered journal and a fresh scripted gateway. */
async function ready(file: string, extra: Parameters<typeof SettlementJournal.open>[1] = {}) {
  const j = await openJournal(file, extra);
  await j.recover(new FakeGateway());
  return { j, gw: new FakeGateway() };
}

afterEach(async () => {
  for (const j of open.splice(0)) await j.close();
});

describe('settle', () => {
  it('writes the intent before the request leaves and books on success', async () => {
    const file = join(dir(), 'j.db');
    const clock = manualClock(T0);
    const { j, gw } = await ready(file, { clock });
    const seen: string[] = [];
    const origSettle = gw.settle.bind(gw);
    gw.settle = async (req, opts) => {
      // What another process would read from the file at this instant.
      seen.push(j.get(opts.msgid)!.state);
      return origSettle(req, opts);
    };
    const msgid = gw.newMsgid();
    const s = await j.settle(gw, saleRequest(1234), { msgid, jti: 'jti-1' });
    expect(s.totalFen).toBe(1234);
    expect(seen).toEqual(['intent']); // synced before it left; `sent` is told by an event, not written
    const e = j.get(msgid)!;
    expect(e).toMatchObject({ state: 'booked', infno: '2102', amountFen: 1234, jti: 'jti-1', psnNo: 'P0001', bookedAt: T0 });
    expect(e.items).toEqual([{ code: 'X01', qty: 1, priceFen: 1234, name: 'aspirin' }]);
  });

  it('emits intent, sent, booked in order', async () => {
    const j = await openJournal(join(dir(), 'j.db'));
    await j.recover(new FakeGateway());
    const states: string[] = [];
    j.on('state', (e) => states.push(e.state));
    const gw = new FakeGateway();
    await j.settle(gw, saleRequest(), { msgid: gw.newMsgid(), jti: 'a' });
    expect(states).toEqual(['intent', 'sent', 'booked']);
  });

  it('records a refusal and rethrows the gateway error', async () => {
    const { j, gw } = await ready(join(dir(), 'j.db'));
    gw.settleScript = ['refused'];
    const msgid = gw.newMsgid();
    await expect(j.settle(gw, saleRequest(), { msgid, jti: 'a' })).rejects.toMatchObject({ code: 'GATEWAY_INSUFFICIENT_BALANCE' });
    expect(j.get(msgid)).toMatchObject({ state: 'refused', errorCode: 'GATEWAY_INSUFFICIENT_BALANCE' });
    expect(gw.calls.map((c) => c.infno)).toEqual(['2102']);
  });

  it('reverses an unknown outcome at once under the same msgid and reports not paid', async () => {
    const { j, gw } = await ready(join(dir(), 'j.db'));
    gw.settleScript = ['unknown-booked'];
    const msgid = gw.newMsgid();
    const err = await j.settle(gw, saleRequest(500), { msgid, jti: 'a' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', outcome: 'unknown', details: { msgid, amountFen: 500, reversal: 'done' } });
    expect(j.get(msgid)).toMatchObject({ state: 'reversed', attempts: 1 });
    expect(gw.calls.map((c) => [c.infno, c.infno === '2601' ? (c.body as { omsgid: string }).omsgid : c.msgid])).toEqual([
      ['2102', msgid],
      ['2601', msgid],
    ]);
    expect(gw.booked.size).toBe(0);
    const rev = j.list({ infno: '2601' });
    expect(rev).toHaveLength(1);
    expect(rev[0]).toMatchObject({ omsgid: msgid, state: 'booked' });
  });

  it('treats a non-gateway failure (socket error) as unknown', async () => {
    const { j, gw } = await ready(join(dir(), 'j.db'));
    gw.settleScript = ['throws'];
    const msgid = gw.newMsgid();
    await expect(j.settle(gw, saleRequest(), { msgid, jti: 'a' })).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN' });
    expect(j.get(msgid)!.state).toBe('reversed');
  });

  it('keeps the reversal pending with capped exponential backoff until acknowledged', async () => {
    const clock = manualClock(T0);
    const t = manualTimer();
    const { j, gw } = await ready(join(dir(), 'j.db'), { clock, timer: t.timer, backoff: { baseMs: 100, maxMs: 500 } });
    gw.settleScript = ['unknown-booked'];
    gw.reverseScript = ['unknown', 'throws', 'refused', 'unknown', 'unknown', 'booked'];
    const failures: number[] = [];
    j.on('reversal-failed', (e) => failures.push(e.nextAttemptAt - clock()));
    j.startReversals(gw);
    const msgid = gw.newMsgid();
    const err = await j.settle(gw, saleRequest(700), { msgid, jti: 'a' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', details: { reversal: 'pending', amountFen: 700 } });
    expect(j.pending()).toEqual([{ msgid, infno: '2102', psnNo: 'P0001', amountFen: 700, attempts: 1, nextAttemptAt: T0 + 100, lastError: 'GATEWAY_UNKNOWN_OUTCOME' }]);
    // Not due yet: nothing sent.
    expect(await j.runDueReversals()).toBe(0);
    const reversed = new Promise<{ attempts: number }>((r) => j.once('reversed', r));
    for (let i = 0; i < 5; i++) {
      const live = t.live();
      expect(live).toHaveLength(1);
      clock.set(j.pending()[0]!.nextAttemptAt!);
      live[0]!.fn();
      // Wait for this round's outcome event.
      await new Promise<void>((r) => {
        const done = () => {
          j.off('reversal-failed', done);
          j.off('reversed', done);
          r();
        };
        j.on('reversal-failed', done);
        j.on('reversed', done);
      });
    }
    expect(await reversed).toMatchObject({ attempts: 6 });
    expect(failures).toEqual([100, 200, 400, 500, 500]);
    expect(j.pending()).toEqual([]);
    expect(gw.booked.size).toBe(0);
    expect(j.get(msgid)!.state).toBe('reversed');
  });

  it('never stores the PIN block', async () => {
    const file = join(dir(), 'j.db');
    const logged: string[] = [];
    const { j, gw } = await ready(file, { logger: { log: (level, message, fields) => logged.push(JSON.stringify({ level, message, fields })) } });
    gw.settleScript = ['booked', 'unknown', 'refused'];
    gw.reverseScript = ['unknown'];
    for (let i = 0; i < 3; i++) await j.settle(gw, saleRequest(), { msgid: gw.newMsgid(), jti: 'a' }).catch(() => undefined);
    await j.close();
    for (const f of readdirSync(join(file, '..'))) {
      const bytes = readFileSync(join(file, '..', f)).toString('latin1');
      expect(bytes.includes('SECRETPINBLOCKMARKER'), f).toBe(false);
      expect(bytes.includes('VOUCHER-TEXT'), f).toBe(false);
    }
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain('SECRETPINBLOCKMARKER');
    expect(PIN_BLOCK).toContain('SECRETPINBLOCKMARKER');
  });

  it('refuses a msgid already in the journal without sending', async () => {
    const { j, gw } = await ready(join(dir(), 'j.db'));
    const msgid = gw.newMsgid();
    await j.settle(gw, saleRequest(), { msgid, jti: 'a' });
    await expect(j.settle(gw, saleRequest(), { msgid, jti: 'b' })).rejects.toMatchObject({ code: 'JOURNAL_MSGID_USED' });
    expect(gw.calls).toHaveLength(1);
  });
});

describe('cancel', () => {
  it('journals a 2103 and reverses it on an unknown outcome', async () => {
    const { j, gw } = await ready(join(dir(), 'j.db'));
    const ok = gw.newMsgid();
    await j.cancel(gw, { psnNo: 'P1', setlId: 'S1', mdtrtId: 'M1', insuplcAdmdvs: '110000', amountFen: 99 }, { msgid: ok });
    expect(j.get(ok)).toMatchObject({ infno: '2103', state: 'booked', amountFen: 99, ref: { setlId: 'S1', mdtrtId: 'M1' } });
    gw.settleScript = ['unknown'];
    const lost = gw.newMsgid();
    await expect(
      j.cancel(gw, { psnNo: 'P1', setlId: 'S2', mdtrtId: 'M2', insuplcAdmdvs: '110000', amountFen: 5 }, { msgid: lost }),
    ).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN' });
    expect(j.get(lost)!.state).toBe('reversed');
    const rev = gw.calls.find((c) => c.infno === '2601');
    expect(rev?.body).toMatchObject({ omsgid: lost, oinfno: '2103', psnNo: 'P1' });
    // The wire request carries no amountFen (it is the journal's own record).
    expect(gw.calls[0]!.body).toEqual({ psnNo: 'P1', setlId: 'S1', mdtrtId: 'M1', insuplcAdmdvs: '110000' });
  });
});

describe('recover', () => {
  async function crashAt(file: string, point: string, gw: FakeGateway, msgid: string) {
    let reached!: () => void;
    const atPoint = new Promise<void>((r) => (reached = r));
    const j = await SettlementJournal.open(file, {
      hooks: {
        at(p) {
          if (p !== point) return;
          reached();
          // The process stops here for good: nothing after this point runs.
          return new Promise<void>(() => undefined);
        },
      },
    });
    await j.recover(gw);
    void j.settle(gw, saleRequest(300), { msgid, jti: 'x' }).catch(() => undefined);
    await atPoint;
    await j.close();
  }

  it('finds a 2102 left in flight (intent in the file) booked by 5203 and marks it booked', async () => {
    const file = join(dir(), 'j.db');
    const gw = new FakeGateway();
    const msgid = gw.newMsgid();
    await crashAt(file, 'after-answer', gw, msgid);
    expect(gw.booked.get(msgid)).toBe(300);
    const j = await openJournal(file);
    expect(j.get(msgid)!.state).toBe('intent');
    const r = await j.recover(gw);
    expect(r).toMatchObject({ found: 1, booked: [{ msgid, amountFen: 300 }], reversed: [], pending: [] });
    expect(j.get(msgid)).toMatchObject({ state: 'booked', answer: { totalFen: 300 } });
    expect(gw.calls.filter((c) => c.infno === '2601')).toHaveLength(0);
  });

  it('reverses a sent 2102 the gateway does not know (a late request is voided)', async () => {
    const file = join(dir(), 'j.db');
    const gw = new FakeGateway();
    const msgid = gw.newMsgid();
    await crashAt(file, 'in-flight', gw, msgid);
    expect(gw.calls.filter((c) => c.infno === '2102')).toHaveLength(0);
    const j = await openJournal(file);
    const r = await j.recover(gw);
    expect(r).toMatchObject({ found: 1, booked: [], reversed: [{ msgid, amountFen: 300 }] });
    expect(j.get(msgid)!.state).toBe('reversed');
    expect(gw.voided.has(msgid)).toBe(true);
    // The late request now arrives: it can no longer book.
    await gw.settle(saleRequest(300), { msgid });
    expect(gw.booked.has(msgid)).toBe(false);
  });

  it('resolves an intent that never left, and reverses when 5203 fails', async () => {
    const file = join(dir(), 'j.db');
    const gw = new FakeGateway();
    const a = gw.newMsgid();
    await crashAt(file, 'after-intent', gw, a);
    const j = await openJournal(file);
    expect(j.get(a)!.state).toBe('intent');
    gw.queryScript = ['throws'];
    const r = await j.recover(gw);
    expect(r.reversed).toEqual([{ msgid: a, amountFen: 300 }]);
  });

  it('leaves nothing when the crash came before the intent was written', async () => {
    const file = join(dir(), 'j.db');
    const gw = new FakeGateway();
    const a = gw.newMsgid();
    await crashAt(file, 'before-intent-sync', gw, a);
    const j = await openJournal(file);
    expect(j.list()).toEqual([]);
    expect(gw.calls.filter((c) => c.infno === '2102')).toEqual([]);
  });

  it('retries reversals interrupted mid-flight, across restarts, until acknowledged', async () => {
    const file = join(dir(), 'j.db');
    const gw = new FakeGateway();
    gw.settleScript = ['unknown-booked'];
    const msgid = gw.newMsgid();
    await crashAt(file, 'during-reversal', gw, msgid);
    expect(gw.booked.get(msgid)).toBe(300);
    let j = await SettlementJournal.open(file);
    expect(j.get(msgid)).toMatchObject({ state: 'reversal_pending', attempts: 1 });
    expect(j.list({ infno: '2601' })[0]!.state).toBe('intent');
    gw.reverseScript = ['unknown'];
    let r = await j.recover(gw);
    expect(r.pending).toMatchObject([{ msgid, amountFen: 300, attempts: 2 }]);
    expect(j.list({ infno: '2601' }).map((e) => e.state)).toEqual(['unknown', 'unknown']);
    await j.close();
    j = await openJournal(file);
    r = await j.recover(gw);
    expect(r).toMatchObject({ found: 1, reversed: [{ msgid, amountFen: 300 }], pending: [] });
    expect(gw.booked.size).toBe(0);
  });

  it('refuses a new sale until unfinished entries are recovered', async () => {
    const file = join(dir(), 'j.db');
    const gw = new FakeGateway();
    await crashAt(file, 'in-flight', gw, gw.newMsgid());
    const j = await openJournal(file);
    await expect(j.settle(gw, saleRequest(), { msgid: gw.newMsgid(), jti: 'b' })).rejects.toMatchObject({ code: 'JOURNAL_RECOVERY_REQUIRED' });
    await j.recover(gw);
    await expect(j.settle(gw, saleRequest(), { msgid: gw.newMsgid(), jti: 'b' })).resolves.toMatchObject({ totalFen: 1234 });
  });
});

describe('lock', () => {
  it('refuses a second open naming the holder pid; the OS lock goes with the holder', async () => {
    const file = join(dir(), 'j.db');
    const j = await openJournal(file);
    const err = await SettlementJournal.open(file).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'JOURNAL_LOCKED', details: { pid: process.pid, lock: `${file}.lck` } });
    await j.close();
    open.splice(0);
    const k = await openJournal(file);
    await k.close();
  });

  it('is never blocked by a lock file that names this very process (PID 1 again after a power cut)', async () => {
    const file = join(dir(), 'j.db');
    // What an earlier life left behind: a lock file naming a pid that is alive now (ours).
    writeFileSync(`${file}.lock`, `${process.pid}\n`);
    writeFileSync(`${file}.lck-owner`, `${process.pid}\n`);
    const j = await openJournal(file);
    expect(j.list()).toEqual([]);
  });

  it('is closed after close()', async () => {
    const j = await SettlementJournal.open(join(dir(), 'j.db'));
    await j.close();
    await j.close();
    expect(() => j.list()).toThrow(expect.objectContaining({ code: 'JOURNAL_CLOSED' }));
  });
});

describe('sequence', () => {
  it('never hands out the same sequence twice for a second, across reopen', async () => {
    const file = join(dir(), 'j.db');
    let j = await SettlementJournal.open(file);
    const a = [j.sequence().nextSeq('20261122100000'), j.sequence().nextSeq('20261122100000'), j.sequence().nextSeq('20261122100001')];
    await j.close();
    j = await openJournal(file);
    a.push(j.sequence().nextSeq('20261122100000'));
    // Numbers are reserved 8 per write: the reopened journal carries on past the reservation.
    expect(a).toEqual([0, 1, 0, 8]);
  });
});

describe('reconcile', () => {
  it('compares the booked totals of a day with 3201 and lists differences', async () => {
    const clock = manualClock(T0);
    const { j, gw } = await ready(join(dir(), 'j.db'), { clock });
    await j.settle(gw, saleRequest(100), { msgid: gw.newMsgid(), jti: 'a' });
    await j.settle(gw, saleRequest(250), { msgid: gw.newMsgid(), jti: 'b' });
    const c = gw.newMsgid();
    await j.settle(gw, saleRequest(40), { msgid: c, jti: 'c' });
    // The third sale is cancelled: it leaves the day's totals.
    await j.cancel(gw, { psnNo: 'P0001', setlId: `S${c.slice(-6)}`, mdtrtId: 'M', insuplcAdmdvs: '110000', amountFen: 40 }, { msgid: gw.newMsgid() });
    gw.booked.delete(c);
    let r = await j.reconcile(gw, '2026-11-22');
    expect(r).toMatchObject({ balanced: true, journal: { totalFen: 350, acctPayFen: 350, count: 2 }, differences: [] });
    expect(gw.calls.at(-1)!.body).toEqual({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 350, acctPayFen: 350, count: 2 });
    gw.reconcileAnswer = { totalFen: 351, acctPayFen: 350, count: 2 };
    r = await j.reconcile(gw, '2026-11-22');
    expect(r.balanced).toBe(false);
    expect(r.differences).toEqual([{ field: 'totalFen', journal: 350, gateway: 351, delta: 1 }]);
    // Another day has nothing of ours.
    gw.reconcileAnswer = { totalFen: 0, acctPayFen: 0, count: 0 };
    expect((await j.reconcile(gw, '2026-11-21')).journal).toEqual({ totalFen: 0, acctPayFen: 0, count: 0 });
    for (const bad of ['2026-13-01', '2026-02-30', '26-11-22', '2026-11-22T00', '']) {
      await expect(j.reconcile(gw, bad)).rejects.toMatchObject({ code: 'JOURNAL_DATE_INVALID' });
    }
  });
});
