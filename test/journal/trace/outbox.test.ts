/**
 * The trace outbox on its own: uploads written before the sale, due once it
 * booked, retried with backoff on the injected clock and timer until
 * acknowledged (same msgid every try), final on a refusal, voided when the
 * sale did not book, and settled from the journal after a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/gateway/errors.js';
import { TraceOutbox } from '../../../src/journal/trace/outbox.js';
import { saleOutcome } from '../../../src/journal/trace/sale-outcome.js';
import type { SaleUpload } from '../../../src/gateway/types.js';
import type { Gateway, SaleItem } from '../../../src/gateway/types.js';
import { manualClock } from '../../../src/lib/clock.js';

const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);
const SALE = 'P42010000001202611221000000001';
const items: SaleItem[] = [
  { code: 'A', qty: 2, priceFen: 100, traceCodes: ['81000000000000000001', '81000000000000000002'] },
  { code: 'B', qty: 1, priceFen: 50 },
  { code: 'C', qty: 0.5, priceFen: 300, traceCode: '81000000000000000003' },
];

function fakeGateway(answers: Array<'ok' | 'lost' | 'refused'>) {
  let seq = 1;
  const calls: Array<{ msgid: string; upload: SaleUpload }> = [];
  const gateway = {
    newMsgid: () => `P42010000001202611221000000${String(++seq).padStart(3, '0')}`,
    async uploadSale(upload: SaleUpload, opts: { msgid: string }) {
      calls.push({ msgid: opts.msgid, upload });
      const a = answers.shift() ?? 'ok';
      if (a === 'lost') throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { outcome: 'unknown', httpStatus: 503 });
      if (a === 'refused') throw new GatewayError('GATEWAY_TRACE_CODE_SOLD', { outcome: 'refused', httpStatus: 200, errCode: 'TRACE_CODE_SOLD' });
    },
  } as unknown as Gateway;
  return { gateway, calls };
}

const opened: TraceOutbox[] = [];
async function open(clock = manualClock(T0), file = join(mkdtempSync(join(tmpdir(), 'trace-')), 'trace.db')) {
  const timers: Array<{ ms: number; fn: () => void }> = [];
  const outbox = await TraceOutbox.open(file, { clock, timer: (ms, fn) => (timers.push({ ms, fn }), () => undefined), backoff: { baseMs: 1000, maxMs: 8000 } });
  opened.push(outbox);
  return { outbox, clock, timers, file };
}
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

describe('TraceOutbox', () => {
  it('writes one waiting upload per line with codes, due only once the sale booked', async () => {
    const { outbox } = await open();
    const { gateway, calls } = fakeGateway([]);
    expect(outbox.prepare(gateway, { msgid: SALE, psnNo: 'PSN1', insuplcAdmdvs: '420100', items })).toBe(2);
    const rows = outbox.forSale(SALE);
    expect(rows.map((r) => [r.state, r.upload.line, r.upload.traceCodes.length, r.upload.partPack])).toEqual([
      ['waiting', 1, 2, false],
      ['waiting', 3, 1, true],
    ]);
    expect(await outbox.runDue(gateway)).toEqual({ acknowledged: 0, refused: 0, pending: 0 });
    expect(calls).toHaveLength(0);
    outbox.booked(SALE, 'S00000000001');
    expect(await outbox.runDue(gateway)).toEqual({ acknowledged: 2, refused: 0, pending: 0 });
    expect(calls.map((c) => [c.upload.setlId, c.upload.saleTime])).toEqual([
      ['S00000000001', '2026-11-22 10:00:00'],
      ['S00000000001', '2026-11-22 10:00:00'],
    ]);
  });

  it('retries a lost upload with backoff under the same msgid until acknowledged', async () => {
    const { outbox, clock, timers } = await open();
    const { gateway, calls } = fakeGateway(['lost', 'lost', 'ok']);
    outbox.prepare(gateway, { msgid: SALE, psnNo: 'PSN1', insuplcAdmdvs: '420100', items: [items[0]!] });
    outbox.start(gateway);
    outbox.booked(SALE, 'S1');
    expect(timers.at(-1)!.ms).toBe(0);
    expect(await outbox.runDue()).toMatchObject({ pending: 1 });
    expect(outbox.forSale(SALE)[0]).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 1000, lastError: 'GATEWAY_UNKNOWN_OUTCOME' });
    // Not due yet: nothing is sent.
    await outbox.runDue();
    expect(calls).toHaveLength(1);
    clock.advance(1000);
    await outbox.runDue();
    expect(outbox.forSale(SALE)[0]).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 1000 + 2000 });
    clock.advance(2000);
    expect(await outbox.runDue()).toMatchObject({ acknowledged: 1, pending: 0 });
    expect(new Set(calls.map((c) => c.msgid)).size).toBe(1);
    expect(outbox.forSale(SALE)[0]).toMatchObject({ state: 'acknowledged', attempts: 3 });
  });

  it('keeps a refusal as final and never resends it', async () => {
    const { outbox, clock } = await open();
    const { gateway, calls } = fakeGateway(['refused']);
    outbox.prepare(gateway, { msgid: SALE, psnNo: 'PSN1', insuplcAdmdvs: '420100', items: [items[0]!] });
    outbox.booked(SALE, 'S1');
    expect(await outbox.runDue(gateway)).toMatchObject({ refused: 1, pending: 0 });
    clock.advance(60_000);
    await outbox.runDue(gateway, { all: true });
    expect(calls).toHaveLength(1);
    expect(outbox.list('refused')[0]).toMatchObject({ lastError: 'GATEWAY_TRACE_CODE_SOLD' });
  });

  it('voids the uploads of a sale that did not book', async () => {
    const { outbox } = await open();
    const { gateway, calls } = fakeGateway([]);
    outbox.prepare(gateway, { msgid: SALE, psnNo: 'PSN1', insuplcAdmdvs: '420100', items });
    outbox.voided(SALE);
    expect(outbox.forSale(SALE).map((r) => r.state)).toEqual(['void', 'void']);
    await outbox.runDue(gateway, { all: true });
    expect(calls).toHaveLength(0);
  });

  it('after a restart, settles waiting uploads from the journal: booked, not booked, not written, not known yet', async () => {
    const first = await open();
    const { gateway, calls } = fakeGateway([]);
    const sales = ['P42010000001202611221000000101', 'P42010000001202611221000000102', 'P42010000001202611221000000103', 'P42010000001202611221000000104'];
    for (const msgid of sales) first.outbox.prepare(gateway, { msgid, psnNo: 'PSN1', insuplcAdmdvs: '420100', items: [items[0]!] });
    await first.outbox.close();
    const { outbox } = await open(manualClock(T0), first.file);
    const entry = (state: string, answer: unknown = null) => ({ state, answer }) as never;
    const journal: Record<string, ReturnType<typeof entry> | undefined> = {
      [sales[0]!]: entry('booked', { setlId: 'S7' }),
      [sales[1]!]: entry('reversed'),
      [sales[2]!]: undefined,
      [sales[3]!]: entry('sent'),
    };
    expect(outbox.resolveWaiting((m) => saleOutcome(journal[m]))).toEqual({ booked: 1, voided: 2 });
    expect(sales.map((m) => outbox.forSale(m)[0]!.state)).toEqual(['pending', 'void', 'void', 'waiting']);
    await outbox.runDue(gateway);
    expect(calls.map((c) => c.upload.setlId)).toEqual(['S7']);
  });

  it('refuses work once closed with a typed error', async () => {
    const { outbox } = await open();
    await outbox.close();
    expect(() => outbox.list()).toThrow(expect.objectContaining({ code: 'TRACE_OUTBOX_CLOSED' }));
  });
});
