/**
 * The kiosk's service and API without a browser: a client that behaves like
 * the page (reads the views, posts the code, seals the PIN itself with
 * yibao-pos/pin/seal) drives whole sales against the simulator. The idle
 * timer is a manual one: the tests fire it.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { jsonLineLogger } from 'yibao-pos';
import { sealPinBlock } from 'yibao-pos/pin/seal';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KioskView } from '../../examples/kiosk/api.js';
import { startKioskServer, type KioskServer } from '../../examples/kiosk/service/http.js';
import { Kiosk } from '../../examples/kiosk/service/kiosk.js';
import { pageAssets } from '../../examples/kiosk/service/page-assets.js';
import { findSecret } from '../helpers/find-secret.js';
import { openKiosk, post, simEnv, useSession, type manualTimer, type SimEnv, type viewReader } from '../helpers/kiosk.js';

/** The basket's total: 2 × 13.40 + 18.50. */
const TOTAL_FEN = 4530;
const WRONG_PIN = '918273';


let env: SimEnv;
let kiosk: Kiosk;
let server: KioskServer;
let timer: ReturnType<typeof manualTimer>;
let views: Awaited<ReturnType<typeof viewReader>>;
const logLines: string[] = [];
/** Every server-sent event of every test. */
const allEvents: string[] = [];
const sentBodies: string[] = [];

const url = () => server.url;
const send = async (path: string, body: unknown) => {
  sentBodies.push(JSON.stringify(body));
  return post(url(), path, body);
};
const seal = (v: KioskView, pin: string) => {
  const p = v.pin!;
  return sealPinBlock(pin, { jti: p.jti, msgid: p.msgid, amountFen: p.amount.fen, pinKey: p.pinKey });
};
/** Shows a code and waits for the keypad. */
const scanToPin = async (code: string) => {
  expect((await send('/api/scan', { text: code })).status).toBe(200);
  return views.until((v) => v.screen === 'pin' && v.pin !== undefined, 'the keypad');
};
const typePin = async (v: KioskView, pin: string) => expect((await send('/api/pin', { id: v.pin!.id, block: await seal(v, pin) })).status).toBe(200);
const backToIdle = async () => {
  await send('/api/cancel', {});
  await views.until((v) => v.screen === 'idle', 'idle');
  await kiosk.settled();
};

beforeAll(async () => {
  env = await simEnv();
});
afterAll(async () => {
  await env.close();
});

let close: () => Promise<void>;
beforeEach(async () => {
  ({ kiosk, server, views, timer, close } = await openKiosk(env, { stateDir: 'kiosk', logger: jsonLineLogger((l) => logLines.push(l), 'debug') }));
});
afterEach(async () => {
  await close();
  allEvents.push(...views.raw);
});

describe('kiosk API', () => {
  it('a whole sale: code → masked name, basket, split → sealed PIN → receipt and balance after; the simulator agrees', async () => {
    const before = await env.balanceOf('employee');
    const pin = await scanToPin(await env.code('employee'));
    expect(pin.patient).toMatchObject({ name: env.person('employee').name, region: '420100', crossRegion: false, channel: 'wechat' });
    expect(pin.patient!.subMasked).toMatch(/^YBTE\*+OYEE$/);
    expect(pin.basket.total).toEqual({ fen: TOTAL_FEN, yuan: '45.30' });
    expect(pin.split).toMatchObject({ total: { fen: TOTAL_FEN }, account: { fen: TOTAL_FEN }, cash: { fen: 0 }, fund: { fen: 0 } });
    expect(pin.pin).toMatchObject({ attempt: 1, amount: { fen: TOTAL_FEN, yuan: '45.30' }, pinKey: { kty: 'EC', crv: 'P-256' } });
    expect(pin.pin!.pinKey).not.toHaveProperty('d');
    await typePin(pin, env.person('employee').pin);
    const paid = await views.until((v) => v.screen === 'paid', 'paid');
    expect(paid.receipt).toMatchObject({ total: { yuan: '45.30' }, account: { fen: TOTAL_FEN }, cash: { fen: 0 }, balanceAfter: { fen: before! - TOTAL_FEN } });
    expect(await env.balanceOf('employee')).toBe(before! - TOTAL_FEN);
    expect(views.views.map((v) => v.screen).filter((s, i, a) => s !== a[i - 1])).toEqual(['idle', 'checking', 'pin', 'paying', 'paid']);
    // 完成: back to idle at once.
    await backToIdle();
  });

  it('a wrong PIN gives the tries left and a new prompt; the old prompt is refused; the right PIN then pays', async () => {
    const first = await scanToPin(await env.code('low-balance'));
    await typePin(first, WRONG_PIN);
    const second = await views.until((v) => v.screen === 'pin' && v.pin?.attempt === 2, 'the second PIN prompt').catch((e) => { console.log(views.views.map((v) => [v.seq, v.screen, v.saleState, v.pin?.attempt].join(' '))); throw e; });
    expect(second.pin!.triesLeft).toBe(2);
    expect(second.pin!.id).not.toBe(first.pin!.id);
    expect(second.pin!.msgid).not.toBe(first.pin!.msgid);
    const stale = await send('/api/pin', { id: first.pin!.id, block: await seal(first, env.person('low-balance').pin) });
    expect(stale).toMatchObject({ status: 409, body: { code: 'KIOSK_NO_PIN_PROMPT' } });
    await typePin(second, env.person('low-balance').pin);
    const paid = await views.until((v) => v.screen === 'paid', 'paid');
    // 10.00 in the account: it pays 10.00, the rest is cash.
    expect(paid.receipt).toMatchObject({ account: { fen: 1000 }, cash: { fen: TOTAL_FEN - 1000 }, balanceAfter: { fen: 0 } });
    await backToIdle();
  });

  it('取消 at the PIN step: back to idle at once, nothing booked, balance unchanged', async () => {
    const before = await env.balanceOf('family-owner');
    const booked = (await env.bookings()).length;
    await scanToPin(await env.code('family-owner'));
    await send('/api/cancel', {});
    expect((await views.until((v) => v.screen === 'idle', 'idle')).mode).toBe('self');
    await kiosk.settled();
    expect(await env.balanceOf('family-owner')).toBe(before);
    expect((await env.bookings()).length).toBe(booked);
    expect(logLines.some((l) => l.includes('"sale ended"') && /CHECKOUT_CANCELLED|PIN_CANCELLED/.test(l))).toBe(true);
  });

  it('a customer who walks away: the idle timer abandons the sale at the PIN step, and clears the receipt screen', async () => {
    const before = await env.balanceOf('cross-region');
    const pin = await scanToPin(await env.code('cross-region'));
    expect(pin.patient!.crossRegion).toBe(true);
    expect(timer.armed).toBe(1);
    timer.fire();
    await views.until((v) => v.screen === 'idle', 'idle after the timeout');
    await kiosk.settled();
    expect(await env.balanceOf('cross-region')).toBe(before);

    const again = await scanToPin(await env.code('cross-region'));
    await typePin(again, env.person('cross-region').pin);
    await views.until((v) => v.screen === 'paid', 'paid');
    timer.fire();
    await views.until((v) => v.screen === 'idle', 'idle after the receipt');
  });

  it('a replayed code is refused with the catalogue message, nothing charged', async () => {
    const code = await env.code('employee');
    await scanToPin(code);
    await backToIdle();
    await send('/api/scan', { text: code });
    const refused = await views.until((v) => v.screen === 'refused', 'refused');
    expect(refused.error).toEqual({
      code: 'VOUCHER_REPLAYED',
      zh: '该码已使用，请让顾客刷新付款码',
      en: 'This code was already used; ask the customer to refresh it',
      nothingCharged: true,
    });
    await backToIdle();
  });

  it('mutual aid: the patient’s code, then the payer’s (the patient’s again is ignored); the payer’s PIN; the payer’s account pays', async () => {
    const owner = env.person('mutual-aid-owner');
    const before = await env.balanceOf('mutual-aid-owner');
    expect((await send('/api/mode', { mode: 'mutual-aid' })).status).toBe(200);
    await views.until((v) => v.mode === 'mutual-aid', 'mutual-aid mode');
    const member = await env.code('mutual-aid-member');
    await send('/api/scan', { text: member });
    const payerStep = await views.until((v) => v.screen === 'payer', 'the payer step');
    expect(payerStep.patient?.name).toBe(env.person('mutual-aid-member').name);
    expect(timer.armed).toBe(1);
    expect((await send('/api/scan', { text: member })).status).toBe(200);
    expect(views.latest()!.screen).toBe('payer');
    const pin = await scanToPin(await env.code('mutual-aid-owner'));
    expect(pin.payer?.name).toBe(owner.name);
    expect(pin.pin!.payerName).toBe(owner.name);
    expect(pin.split).toMatchObject({ mutualAid: { fen: TOTAL_FEN }, account: { fen: 0 }, cash: { fen: 0 } });
    await typePin(pin, owner.pin);
    const paid = await views.until((v) => v.screen === 'paid', 'paid');
    expect(paid.receipt).toMatchObject({ mutualAid: { fen: TOTAL_FEN }, payer: { name: owner.name }, balanceAfter: { fen: before! - TOTAL_FEN } });
    expect(await env.balanceOf('mutual-aid-owner')).toBe(before! - TOTAL_FEN);
    await backToIdle();
    expect(views.latest()!.mode).toBe('self');
  });

  it('取消 at the payer step of mutual aid: back to idle, nothing booked', async () => {
    const booked = (await env.bookings()).length;
    await send('/api/mode', { mode: 'mutual-aid' });
    await send('/api/scan', { text: await env.code('mutual-aid-member') });
    await views.until((v) => v.screen === 'payer', 'the payer step');
    await backToIdle();
    expect((await env.bookings()).length).toBe(booked);
  });

  it('abandoned while 2102 is in flight: not paid, and the journal reverses it (2601); the late 2102 books nothing', async () => {
    const before = await env.balanceOf('unbound-payer');
    const DELAY_MS = 1000;
    await env.fault({ infno: '2102', kind: 'delay', delayMs: DELAY_MS, times: 1 });
    const pin = await scanToPin(await env.code('unbound-payer'));
    await typePin(pin, env.person('unbound-payer').pin);
    const sentAt = Date.now();
    await views.until((v) => v.screen === 'paying', 'paying');
    // In flight: the gateway has the 2102 (its delay fault fired). Cancelled before it left, it would
    // be aborted unsent (refused, nothing charged): a different case.
    await env.faultFired('2102');
    // 取消 while paying: the screen says not paid (docs/kiosk.md), then 返回 goes back to idle.
    await send('/api/cancel', {});
    expect((await views.until((v) => v.screen === 'refused', 'not paid')).error).toMatchObject({ code: 'KIOSK_NOT_PAID', nothingCharged: false });
    await backToIdle();
    // The screen says "not paid" as soon as the cashier cancels; the sale itself ends once the journal has the outcome.
    const ended = () => logLines.some((l) => l.includes('"sale ended"') && /JOURNAL_OUTCOME_UNKNOWN|GATEWAY_UNKNOWN_OUTCOME/.test(l));
    for (const until = Date.now() + 15_000; !ended(); ) {
      if (Date.now() > until) throw new Error(`the sale never ended as an unknown outcome:\n${logLines.slice(-10).join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Until the journal has its reversal acknowledged and the delayed 2102 has reached the simulator.
    const msgid = pin.pin!.msgid;
    const acknowledged = () => logLines.some((l) => l.includes('"reversal acknowledged"') && l.includes(msgid));
    const deadline = Date.now() + 15_000;
    while (!(acknowledged() && Date.now() > sentAt + DELAY_MS + 500)) {
      if (Date.now() > deadline) throw new Error(`no reversal of ${msgid}:\n${logLines.slice(-10).join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const all = await env.bookings();
    expect(all.filter((b) => b.msgid === msgid && b.state === 'booked')).toEqual([]);
    expect(await env.balanceOf('unbound-payer')).toBe(before);
  });

  it('refuses bad requests with typed errors, and keeps the open prompt', async () => {
    const raw = (path: string, body: string, headers: Record<string, string>) => post(url(), path, body, headers);
    expect(await raw('/api/scan', '{not json', {})).toMatchObject({ status: 400, body: { code: 'KIOSK_BAD_REQUEST', zh: '请求格式不正确' } });
    expect(await raw('/api/scan', '{"text":"x"}', { 'Content-Type': 'text/plain' })).toMatchObject({ status: 400, body: { code: 'KIOSK_BAD_REQUEST' } });
    expect(await raw('/api/scan', '{"text":"x"}', { Origin: 'http://evil.example' })).toMatchObject({ status: 403, body: { code: 'KIOSK_FORBIDDEN' } });
    expect(await send('/api/scan', { text: 'a\nb' })).toMatchObject({ status: 400, body: { code: 'KIOSK_BAD_REQUEST' } });
    expect(await send('/api/mode', { mode: 'nobody' })).toMatchObject({ status: 400 });
    expect(await send('/api/nothing', {})).toMatchObject({ status: 404, body: { code: 'KIOSK_NOT_FOUND' } });
    expect(await send('/api/pin', { id: 'x', block: 'a.b.c.d.e' })).toMatchObject({ status: 409, body: { code: 'KIOSK_NO_PIN_PROMPT' } });
    // DNS rebinding: a page of another name that resolves to loopback.
    const rebinding = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: server.port, path: '/api/view', headers: { Host: `evil.example:${server.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(rebinding).toBe(403);

    const pin = await scanToPin(await env.code('employee'));
    expect(await send('/api/scan', { text: await env.code('resident') })).toMatchObject({ status: 409, body: { code: 'KIOSK_BUSY' } });
    for (const block of ['135790', 'a.b.c', `${Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString('base64url')}..b.c.d`]) {
      expect(await send('/api/pin', { id: pin.pin!.id, block })).toMatchObject({ status: 400, body: { code: 'KIOSK_BAD_PIN_BLOCK' } });
    }
    expect(views.latest()).toMatchObject({ screen: 'pin', pin: { id: pin.pin!.id } });
    await backToIdle();
  });

  it('serves the page, its bundled script and the decoder’s WebAssembly from loopback with a strict CSP', async () => {
    await server.close();
    server = await startKioskServer({ kiosk, assets: await pageAssets() });
    useSession(server.url, server.session);
    const page = await fetch(url());
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self' 'wasm-unsafe-eval'/);
    const html = await page.text();
    expect(html).toContain('/kiosk.js');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await (await fetch(new URL('/kiosk.js', url()))).text();
    expect(script).toContain('ECDH-ES+A256KW');
    expect(script).not.toMatch(/\bfrom\s*["'](node:|yibao-pos)/);
    const wasm = await fetch(new URL('/zxing_reader.wasm', url()));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer()).subarray(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it('no PIN in any view, request the page sent, or service log line', () => {
    for (const secret of [WRONG_PIN, env.person('employee').pin, env.person('low-balance').pin, env.person('mutual-aid-owner').pin]) {
      expect(findSecret(secret, { strings: [...allEvents, ...sentBodies, ...logLines] })).toEqual([]);
    }
    expect(allEvents.length).toBeGreaterThan(30);
    expect(sentBodies.length).toBeGreaterThan(10);
    expect(logLines.length).toBeGreaterThan(10);
  });
});
