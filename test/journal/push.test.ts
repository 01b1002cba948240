/**
 * Back-office pushes as a kind of the journal's outbox: a row per
 * 2102/2103 due when it ends (booked, refused or reversed), a row per
 * 3505 the gateway acknowledged, sent together in one signed push after
 * the sale, kept pending with backoff while the back office is down (the
 * sale never waits), and a status with the uploads still pending.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyBodySignature } from '../../src/gateway/signature.js';
import type { SaleItem } from '../../src/gateway/types.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import type { PushBody } from '../../src/journal/push-format.js';
import { manualClock } from '../../src/lib/clock.js';
import { FakeGateway, saleRequest } from './fake-gateway.js';

const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);
const traced: SaleItem = { code: 'A', qty: 1, priceFen: 100, traceCode: '81000000000000000001' };

let server: Server;
let url: string;
let key: JWK;
let pub: JWK;
let down = false;
const bodies: PushBody[] = [];
let heard: (() => void) | undefined;
/** Resolves when the fake back office has taken the next push. */
const nextPush = () => new Promise<void>((r) => (heard = r));
beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  key = { ...(await exportJWK(pair.privateKey)), kid: 'till-1', alg: 'ES256' };
  pub = await exportJWK(pair.publicKey);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      void verifyBodySignature(bytes, req.headers['x-yb-signature'] as string, (kid) => (kid === 'till-1' ? pub : undefined)).then(
        () => {
          if (down) return void res.writeHead(503).end('{}');
          const body = JSON.parse(bytes.toString()) as PushBody;
          bodies.push(body);
          heard?.();
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: body.entries.length + body.uploads.length, duplicates: 0 }));
        },
        () => void res.writeHead(401).end('{}'),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const opened: SettlementJournal[] = [];
afterEach(async () => {
  for (const j of opened.splice(0)) await j.close();
  bodies.length = 0;
  down = false;
});

async function ready(file = join(mkdtempSync(join(tmpdir(), 'push-')), 'journal.db'), withBackoffice = true) {
  const clock = manualClock(T0);
  const j = await SettlementJournal.open(file, {
    clock, timer: { set: () => undefined, clear: () => {} }, backoff: { baseMs: 1000, maxMs: 8000 }, random: () => 0.5,
    ...(withBackoffice ? { backoffice: { url, pharmacy: 'H12345678901', till: 1, key } } : {}),
  });
  opened.push(j);
  const gw = new FakeGateway();
  await j.recover(gw);
  return { j, gw, clock, file };
}

describe('back-office pushes on the outbox', () => {
  it('pushes every end of a money message and every acknowledged upload, together, signed', async () => {
    const { j, gw } = await ready();
    const booked = gw.newMsgid();
    await j.settle(gw, { ...saleRequest(100), items: [traced] }, { msgid: booked, jti: 'a' });
    gw.settleScript = ['refused'];
    const refused = gw.newMsgid();
    await expect(j.settle(gw, saleRequest(200), { msgid: refused, jti: 'b' })).rejects.toMatchObject({ code: 'GATEWAY_INSUFFICIENT_BALANCE' });
    expect(bodies).toHaveLength(0); // nothing leaves with the sale itself

    // The sale's 3505 is still pending at the gateway: the status says so.
    expect(await j.pushToBackoffice()).toEqual({ pushed: 2, duplicates: 0, remaining: 0 });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.entries.map((e) => [e.msgid, e.state])).toEqual([[booked, 'booked'], [refused, 'refused']]);
    expect(bodies[0]!.status.pendingUploads).toBe(1);

    // The upload goes through; the back office hears of it in the next push.
    await j.runOutbox(gw, { kind: 'trace' });
    expect(j.outbox({ kind: 'backoffice', state: 'pending' }).map((r) => r.key)).toEqual([`u:${gw.uploads[0]!.msgid}`]);
    expect(await j.pushToBackoffice()).toEqual({ pushed: 1, duplicates: 0, remaining: 0 });
    expect(bodies[1]!.uploads).toEqual([{ msgid: gw.uploads[0]!.msgid, infno: '3505', state: 'sent', saleMsgid: booked, lines: 1 }]);
    expect(bodies[1]!.status.pendingUploads).toBe(0);
  });

  it('keeps pushes pending with backoff while the back office is down; a sale goes on meanwhile', async () => {
    const { j, gw, clock } = await ready();
    down = true;
    const first = gw.newMsgid();
    await j.settle(gw, saleRequest(100), { msgid: first, jti: 'a' });
    const r = await j.pushToBackoffice();
    expect(r).toMatchObject({ pushed: 0, remaining: 1, error: 'HTTP 503' });
    expect(j.outbox({ kind: 'backoffice' })[0]).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 1000, lastError: 'HTTP 503' });
    // Not due yet: the worker's round leaves it.
    expect(await j.runOutbox(gw, { kind: 'backoffice' })).toMatchObject({ acknowledged: 0, pending: 1 });
    const second = gw.newMsgid();
    await j.settle(gw, saleRequest(300), { msgid: second, jti: 'b' });
    down = false;
    clock.advance(1000);
    // Both go in one push once due.
    expect(await j.runOutbox(gw, { kind: 'backoffice' })).toMatchObject({ acknowledged: 2, pending: 0 });
    expect(bodies.map((b) => b.entries.map((e) => e.msgid))).toEqual([[first, second]]);
  });

  it('a journal opened without the back office keeps its push rows unsent; the next one with it pushes them and the sales made meanwhile', async () => {
    const { j, gw, file } = await ready();
    down = true;
    const first = gw.newMsgid();
    await j.settle(gw, saleRequest(100), { msgid: first, jti: 'a' });
    await j.pushToBackoffice();
    await j.close();
    const plain = await ready(file, false);
    const second = plain.gw.newMsgid().replace(/0$/, '9');
    await plain.j.settle(plain.gw, saleRequest(200), { msgid: second, jti: 'b' });
    expect(await plain.j.runOutbox(plain.gw, { all: true })).toMatchObject({ acknowledged: 0 });
    expect(plain.j.outbox({ kind: 'backoffice' }).map((r) => [r.key, r.state])).toEqual([[first, 'pending']]);
    await plain.j.close();
    down = false;
    const again = await ready(file);
    expect(await again.j.pushToBackoffice()).toMatchObject({ pushed: 2, remaining: 0 });
    expect(bodies.flatMap((b) => b.entries.map((e) => e.msgid))).toEqual([first, second]);
  });

  it("an idle till's worker pushes its status alone once nothing went for statusEveryMs, with its current counts; close() leaves no timer", async () => {
    const clock = manualClock(T0);
    // The timer by hand: what is scheduled, for how long, and what is still live after close.
    const live = new Map<number, { fn: () => void; ms: number }>();
    let ids = 0;
    const timer = { set: (fn: () => void, ms: number) => (live.set(++ids, { fn, ms }), ids), clear: (h: unknown) => void live.delete(h as number) };
    const fire = () => {
      const [id, t] = [...live][0]!;
      live.delete(id);
      t.fn();
    };
    const j = await SettlementJournal.open(join(mkdtempSync(join(tmpdir(), 'push-')), 'journal.db'), {
      clock, timer, backoff: { baseMs: 600_000, maxMs: 600_000 }, random: () => 0.5,
      backoffice: { url, pharmacy: 'H12345678901', till: 1, key, statusEveryMs: 60_000 },
    });
    opened.push(j);
    const gw = new FakeGateway();
    await j.recover(gw);
    // A sale whose 3505 answer is lost: the upload stays pending (next try in 10 minutes).
    gw.uploadScript = ['lost'];
    await j.settle(gw, { ...saleRequest(100), items: [traced] }, { msgid: gw.newMsgid(), jti: 'a' });
    await j.runOutbox(gw, { kind: 'trace' });

    j.startOutbox(gw);
    expect([...live.values()].map((t) => t.ms)).toEqual([0]); // the sale's push is due now
    let pushed = nextPush();
    fire();
    await pushed;
    expect(bodies[0]!.entries).toHaveLength(1);
    await vi.waitFor(() => expect([...live.values()].map((t) => t.ms)).toEqual([60_000]));

    // Idle for a minute: the status goes alone, read now.
    clock.advance(60_000);
    pushed = nextPush();
    fire();
    await pushed;
    expect(bodies[1]).toMatchObject({ entries: [], uploads: [], sentAt: T0 + 60_000, status: { pendingUploads: 1, unpushed: 0, pendingReversals: [] } });
    // The next one a minute after it; none while one is in flight.
    await vi.waitFor(() => expect([...live.values()].map((t) => t.ms)).toEqual([60_000]));

    await j.close();
    expect(live.size).toBe(0);
  });
});
