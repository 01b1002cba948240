/**
 * The back office of a chain: two tills of one pharmacy and one of another
 * push through a lost gateway answer and an outage of the back office; the
 * back office reconciles both pharmacies' day in summary (3201 per group)
 * and in detail (9101, 3202, 9102), explains a difference entry by entry,
 * and refuses pushes it must not take. Runs on PGlite, and on a real server
 * when YIBAO_PG_URL is set.
 */
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBackoffice, type Backoffice } from '../../src/backoffice/server.js';
import type { Sql } from '../../src/backoffice/db.js';
import { checkBinding } from '../../src/backoffice/access.js';
import { GatewayClient } from '../../src/gateway/client.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import { signBody } from '../../src/gateway/signature.js';
import type { Settlement } from '../../src/gateway/types.js';
import { PUSH_PATH, type PushBody } from '../../src/journal/push-format.js';
import { manualClock } from '../../src/lib/clock.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { envPaths, envPharmacies, readEnvKey, readEnvSettings } from '../../src/sim/env.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { readTill } from '../../src/sim/tills.js';
import { generateSigningKey } from '../../src/sim/issuer/keys.js';
import { issue, T0 } from '../sim/helpers/terminal.js';
import { ENGINES } from './database.js';

const DAY = '2026-11-22';
const P1 = 'P42010000001';
const P2 = 'P42010000002';

interface Till {
  k: number;
  pharmacy: string;
  journal: SettlementJournal;
  client: GatewayClient;
}

describe.each(ENGINES)('back office on $name', (engine) => {
  const clock = manualClock(T0);
  let root: string;
  let sim: Simulator;
  let sql: Sql;
  let bo: Backoffice;
  let boPort: number;
  let persons: PersonCase[];
  const tills: Till[] = [];
  const person = (c: string) => persons.find((p) => p.case === c)!;
  const till = (k: number) => tills.find((t) => t.k === k)!;
  const start = async (port = 0) => startBackoffice({ dir: root, sql, clock, gatewayUrl: sim.url, port });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'yibao-bo-'));
    ({ persons } = await initEnvironment({ dir: root, clock, tills: [2, 1] }));
    sim = await startSimulator({ dir: root, clock });
    sql = await engine.open();
    bo = await start();
    boPort = Number(new URL(bo.url).port);
    const settings = await readEnvSettings(root);
    const pharmacies = envPharmacies(settings);
    for (const k of [1, 2, 3]) {
      const t = await readTill(root, settings, k);
      const p = pharmacies.find((x) => x.fixmedinsCode === t.pharmacy)!;
      const journal = await SettlementJournal.open(join(root, `journal-${k}.db`), {
        clock, till: k, backoff: { baseMs: 10, maxMs: 10 },
        backoffice: { url: bo.url, pharmacy: p.fixmedinsCode, till: k, key: t.key },
      });
      const client = new GatewayClient({
        url: sim.url, terminalKey: t.key, fixmedinsCode: p.fixmedinsCode, fixmedinsName: p.fixmedinsName, mdtrtAreaAdmvs: p.mdtrtAreaAdmvs,
        devNo: t.devNo, clock, timeoutMs: 2000, sequence: journal.sequence(),
      });
      tills.push({ k, pharmacy: p.fixmedinsCode, journal, client });
    }
  }, 180_000);
  afterAll(async () => {
    for (const t of tills) {
      await t.journal.close();
      await t.client.close();
    }
    await bo?.close();
    await sql?.close();
    await sim?.close();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  async function pay(k: number, c: string, totalFen: number): Promise<Settlement> {
    const t = till(k);
    const p = person(c);
    const msgid = t.client.newMsgid();
    const v = await issue(root, clock(), p.sub, { reg: p.reg });
    const pinBlock = await sealPinBlock(p.pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(root, 'pin', 'public'), now: clock() });
    const req = { voucherText: v.text, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items: [{ code: 'XA01AAA001', qty: 1, priceFen: totalFen }], totalFen, pinBlock };
    return t.journal.settle(t.client, req, { msgid, jti: v.jti });
  }
  const fault = (body: Record<string, unknown>) => simAdminFetch(`${sim.url}/admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const count = async (table: string, pharmacy: string) => Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE pharmacy = $1`, [pharmacy]))[0]!.n);

  it('three tills of two pharmacies push their final entries, once each, through a back-office outage', async () => {
    await pay(1, 'employee', 1000);
    clock.advance(1000);
    await pay(1, 'resident', 500);
    const cancelled = await pay(2, 'employee', 700);
    await till(2).journal.cancel(till(2).client, { psnNo: person('employee').psn_no, setlId: cancelled.setlId, mdtrtId: cancelled.mdtrtId, insuplcAdmdvs: person('employee').reg, amountFen: 700 }, { msgid: till(2).client.newMsgid() });
    await pay(3, 'employee', 300);
    // Till 2 loses an answer: the journal reverses that sale; it is pending until the reversal is acknowledged.
    await fault({ infno: '2102', kind: 'drop-after-commit', times: 1 });
    await fault({ infno: '2601', kind: '5xx', times: 1 });
    await expect(pay(2, 'resident', 900)).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN' });

    // The back office is down: pushes fail, are kept, and nothing blocks the tills.
    await bo.close();
    const down = await till(1).journal.pushToBackoffice();
    expect(down?.error).toBeDefined();
    expect(down?.remaining).toBe(2);
    bo = await start(boPort);

    const r1 = await till(1).journal.pushToBackoffice();
    const r2 = await till(2).journal.pushToBackoffice();
    const r3 = await till(3).journal.pushToBackoffice();
    expect([r1, r2, r3].map((r) => [r?.pushed, r?.remaining, r?.error])).toEqual([[2, 0, undefined], [2, 0, undefined], [1, 0, undefined]]);
    const status = (await (await fetch(`${bo.url}/api/report?date=${DAY}`)).json()) as { tills: Array<{ till: number; pendingReversals: Array<{ msgid: string }> }> };
    expect(status.tills.find((t) => t.till === 2)!.pendingReversals).toHaveLength(1);

    // The reversal gets through; its entry is pushed as reversed.
    clock.advance(1000);
    await till(2).journal.runDueReversals(till(2).client);
    const again = await till(2).journal.pushToBackoffice();
    expect(again).toMatchObject({ pushed: 1, remaining: 0 });
    expect(await count('entries', P1)).toBe(5);
    expect(await count('entries', P2)).toBe(1);

    // The pushes were outbox rows of the journal, acknowledged: none is owed, none was sent twice.
    const rows = till(2).journal.outbox({ kind: 'backoffice' });
    expect(rows.map((r) => r.state)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);

    // A journal from before (its pushes remembered in pushed.json): on open, the listed entries are
    // acknowledged rows, not sent again; the others are pushed (at least once: the back office has them already).
    await till(1).journal.close();
    const copy = join(root, 'journal-1-old.db');
    await copyFile(join(root, 'journal-1.db'), copy);
    const tillKey1 = (await readTill(root, await readEnvSettings(root), 1)).key;
    const db = new Database(copy);
    db.prepare("DELETE FROM outbox WHERE kind = 'backoffice'").run();
    const [first, second] = db.prepare("SELECT msgid FROM entries WHERE infno = '2102' ORDER BY created_at").all() as Array<{ msgid: string }>;
    db.close();
    await writeFile(`${copy}.pushed.json`, JSON.stringify([first!.msgid]));
    const old = await SettlementJournal.open(copy, { clock, till: 1, backoffice: { url: bo.url, pharmacy: P1, till: 1, key: tillKey1 } });
    try {
      expect(old.outbox({ kind: 'backoffice' }).map((r) => [r.key, r.state])).toEqual([[first!.msgid, 'acknowledged'], [second!.msgid, 'pending']]);
      expect(await old.pushToBackoffice()).toMatchObject({ pushed: 0, duplicates: 1, remaining: 0 });
      expect(existsSync(`${copy}.pushed.json.imported`)).toBe(true);
    } finally {
      await old.close();
    }
    till(1).journal = await SettlementJournal.open(join(root, 'journal-1.db'), { clock, till: 1, backoffice: { url: bo.url, pharmacy: P1, till: 1, key: tillKey1 } });
    expect(await count('entries', P1)).toBe(5);
  }, 120_000);

  it("reconciles both pharmacies' day: 3201 per insutype group and 3202 detail, balanced", async () => {
    const reports = await bo.reconcile(DAY, { detail: true });
    expect(reports.map((r) => [r.pharmacy, r.balanced])).toEqual([[P1, true], [P2, true]]);
    const p1 = reports[0]!;
    // employee (310) and resident (390) are two national groups.
    expect(p1.groups.map((g) => [g.insutype, g.backoffice.count, g.backoffice.totalFen])).toEqual([['310', 1, 1000], ['390', 1, 500]]);
    expect(p1.detail).toMatchObject({ differing: 0 });
    expect(p1.detail!.sent).toBe(4); // two sales, and the cancelled one as booked and negated
    // One 3202 per clearing type and agency of the day's entries, each with its own 9101 and 9102 files.
    const clearings = [...new Set(p1.groups.map((g) => `${g.clrType}/${g.setlOptins}`))].sort();
    expect(p1.detail!.groups.map((g) => `${g.clrType}/${g.setlOptins}`).sort()).toEqual(clearings);
    expect(p1.detail!.groups.reduce((n, g) => n + g.sent, 0)).toBe(4);
    expect(new Set(p1.detail!.groups.map((g) => g.uploadedFileQuryNo)).size).toBe(clearings.length);
    // The back office signed with its own key, registered per pharmacy, and took msgids from a block no till of the pharmacy owns.
    const ledger = new Database(envPaths(root).ledger, { readonly: true });
    try {
      const sent = ledger.prepare("SELECT kid, msgid, infno FROM answers WHERE infno IN ('3201', '3202', '9101', '9102')").all() as Array<{ kid: string; msgid: string; infno: string }>;
      expect(new Set(sent.map((m) => m.infno))).toEqual(new Set(['3201', '3202', '9101', '9102']));
      expect(new Set(sent.map((m) => m.kid))).toEqual(new Set([`backoffice-${P1}`, `backoffice-${P2}`]));
      // Tills 1 and 2 (P1) own blocks 0-99 and 100-199, till 3 (P2) 200-299: both pharmacies' free block is the last.
      expect(sent.every((m) => Number(m.msgid.slice(-4)) >= 9900)).toBe(true);
    } finally {
      ledger.close();
    }
  }, 120_000);

  it('explains an unbalanced day entry by entry: the unpushed sale, with its till and msgid from the 3202 result', async () => {
    clock.advance(60_000);
    const unpushed = await pay(3, 'employee', 250);
    const [p2] = await bo.reconcile(DAY, { pharmacy: P2, detail: true });
    expect(p2!.balanced).toBe(false);
    expect(p2!.groups.find((g) => g.insutype === '310')!.balanced).toBe(false);
    const only = p2!.explanations.find((e) => e.kind === 'gateway_only')!;
    expect(only).toMatchObject({ till: 3, setlId: unpushed.setlId, amountFen: 250 });
    expect(only.msgid).toMatch(/^P42010000002/);
    // Once pushed, the day balances; the page no longer lists it.
    expect(await till(3).journal.pushToBackoffice()).toMatchObject({ pushed: 1, remaining: 0 });
    const [after] = await bo.reconcile(DAY, { pharmacy: P2, detail: true });
    expect(after!.balanced).toBe(true);
  }, 120_000);

  it('the report page shows the chart, the unbalanced day with its explanation, and pending work, in Chinese and English', async () => {
    clock.advance(3600_000);
    const lost = await pay(3, 'employee', 420);
    await bo.reconcile(DAY, { pharmacy: P2, detail: true });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${bo.url}/?date=${DAY}`);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
      expect(errors).toEqual([]);
      // ECharts drew one bar series per till that sold, in SVG.
      expect(await page.locator('#chart svg path').count()).toBeGreaterThan(3);
      const legend = await page.locator('#chart svg text').allTextContents();
      expect(legend).toEqual(expect.arrayContaining(['P42010000001 #1', 'P42010000001 #2', 'P42010000002 #3']));
      const unbalanced = await page.locator('#unbalanced').innerText();
      expect(unbalanced).toContain(P2);
      expect(unbalanced).toContain(`settlement ${lost.setlId}`);
      expect(unbalanced).toContain('中心有、后台无');
      expect(await page.locator('h2').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('对账不平的日子'), expect.stringContaining('Unbalanced days')]));
      await page.screenshot({ path: join(root, 'report.png'), fullPage: true });
      if (process.env.YIBAO_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.YIBAO_SCREENSHOT_DIR, `backoffice-${engine.name}.png`), fullPage: true });
    } finally {
      await browser.close();
    }
    expect(await till(3).journal.pushToBackoffice()).toMatchObject({ pushed: 1, remaining: 0 });
  }, 120_000);

  it('refuses and counts pushes from an unknown key, for another pharmacy, altered or replayed', async () => {
    const body = (k: number, pharmacy: string): PushBody => ({
      v: 1, pharmacy, till: k, nonce: `n-${Math.random()}`, sentAt: clock(), entries: [], uploads: [], status: { pendingReversals: [], pendingUploads: 0, unpushed: 0 },
    });
    const post = async (bytes: Buffer, sig: string) => (await fetch(`${bo.url}${PUSH_PATH}`, { method: 'POST', headers: { 'x-yb-signature': sig }, body: new Uint8Array(bytes) })).status;
    const stranger = await generateSigningKey('ES256', 'term-P42010000001-09');
    const b1 = Buffer.from(JSON.stringify(body(1, P1)));
    expect(await post(b1, await signBody(b1, stranger.privateJwk))).toBe(403);
    const key3 = (await readTill(root, await readEnvSettings(root), 3)).key;
    const wrong = Buffer.from(JSON.stringify(body(3, P1)));
    expect(await post(wrong, await signBody(wrong, key3))).toBe(403);
    const good = Buffer.from(JSON.stringify(body(3, P2)));
    const sig = await signBody(good, key3);
    const altered = Buffer.from(JSON.stringify({ ...body(3, P2), nonce: 'other' }));
    expect(await post(altered, sig)).toBe(401);
    expect(await post(good, sig)).toBe(200);
    expect(await post(good, sig)).toBe(409);
    const rows = await sql.query<{ pharmacy: string; reason: string; count: string }>('SELECT pharmacy, reason, count FROM refusals ORDER BY 1, 2');
    expect(rows.map((r) => [r.pharmacy, r.reason, Number(r.count)])).toEqual([
      ['', 'BACKOFFICE_TILL_UNKNOWN', 1],
      [P2, 'BACKOFFICE_PUSH_REPLAYED', 1],
      [P2, 'BACKOFFICE_WRONG_PHARMACY', 1],
      ['', 'BACKOFFICE_PUSH_UNSIGNED', 1],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1]))));
  }, 60_000);

  it('listens beyond loopback only with a token, and then every read needs it', async () => {
    expect(() => checkBinding('0.0.0.0', undefined)).toThrow(/BACKOFFICE_NOT_LOOPBACK/);
    expect(() => checkBinding('127.0.0.1', undefined)).not.toThrow();
    const token = 'a-token-of-enough-length';
    const guarded = await startBackoffice({ dir: root, sql, clock, token });
    try {
      expect((await fetch(`${guarded.url}/api/report`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/api/report`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  }, 60_000);

  it("an idle till's worker pushes its status every statusEveryMs: its last push moves, its counts are current", async () => {
    const t = till(3);
    await t.journal.close();
    const handles = new Map<number, () => void>();
    let ids = 0;
    const timer = { set: (fn: () => void) => (handles.set(++ids, fn), ids), clear: (h: unknown) => void handles.delete(h as number) };
    const key = (await readTill(root, await readEnvSettings(root), 3)).key;
    t.journal = await SettlementJournal.open(join(root, 'journal-3.db'), { clock, till: 3, timer, backoffice: { url: bo.url, pharmacy: P2, till: 3, key, statusEveryMs: 60_000 } });
    // A stale count at the back office (as left by a push long ago).
    await sql.query('UPDATE till_status SET pending_uploads = 7, unpushed = 7 WHERE pharmacy = $1 AND till = 3', [P2]);
    t.journal.startOutbox(t.client);
    clock.advance(60_000);
    expect(handles.size).toBe(1);
    const [id, fn] = [...handles][0]!;
    handles.delete(id);
    fn();
    const status = async () => (await sql.query<{ last_push_at: string; pending_uploads: number; unpushed: number }>('SELECT last_push_at, pending_uploads, unpushed FROM till_status WHERE pharmacy = $1 AND till = 3', [P2]))[0]!;
    await vi.waitFor(async () => expect(Number((await status()).last_push_at)).toBe(clock()), { timeout: 10_000 });
    expect(await status()).toMatchObject({ pending_uploads: 0, unpushed: 0 });
    await t.journal.close();
    expect(handles.size).toBe(0);
  });
});
