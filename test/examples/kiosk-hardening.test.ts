/**
 * The kiosk's API belongs to the page it served, and the kiosk never sticks:
 * a session secret only the page holds, Origin required on every change,
 * exactly the bound Host, a token beyond loopback (the test wallet loopback
 * only), a cap on event streams, a timer on every screen, non-voucher codes
 * refused at once (never a trace code from the customer's camera), vouchers
 * de-duplicated by jti, and 取消 while paying says "not paid".
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { sealPinBlock } from 'yibao-pos/pin/seal';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KioskView } from '../../examples/kiosk/api.js';
import { hostHeader, startKioskServer, type KioskServer } from '../../examples/kiosk/service/http.js';
import { Kiosk } from '../../examples/kiosk/service/kiosk.js';
import { P256_N } from '../../src/voucher/low-s.js';
import { openKiosk, post, simEnv, viewReader, type manualTimer, type SimEnv } from '../helpers/kiosk.js';


/** A raw request with exactly these headers. */
function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string, host = '127.0.0.1'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      // An event stream never ends: its status is enough.
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, text: '' });
        res.destroy();
      }
    });
    req.on('error', reject);
    req.end(body);
  });
}

let env: SimEnv;
let kiosk: Kiosk;
let server: KioskServer;
let timer: ReturnType<typeof manualTimer>;
let views: Awaited<ReturnType<typeof viewReader>>;

beforeAll(async () => {
  env = await simEnv();
});
afterAll(async () => {
  await env.close();
});
let close: () => Promise<void>;
beforeEach(async () => {
  const page = { '/': { type: 'text/html; charset=utf-8', body: '<meta name="kiosk-session" content="">' } };
  ({ kiosk, server, views, timer, close } = await openKiosk(env, { stateDir: 'kiosk-h', server: { assets: page, maxStreams: 3 } }));
});
afterEach(async () => close());

const send = (path: string, body: unknown, headers: Record<string, string> = {}) => post(server.url, path, body, headers);
const host = () => `127.0.0.1:${server.port}`;
const origin = () => `http://${host()}`;
const seal = (v: KioskView, pin: string) => sealPinBlock(pin, { jti: v.pin!.jti, msgid: v.pin!.msgid, amountFen: v.pin!.amount.fen, pinKey: v.pin!.pinKey });
const backToIdle = async () => {
  await send('/api/cancel', {});
  await views.until((v) => v.screen === 'idle', 'idle');
  await kiosk.settled();
};

describe('the kiosk API belongs to its page', () => {
  it('without the page’s secret: 403 for the view, the events, the PIN, mode and cancel, each refusal counted; the prompt never leaks', async () => {
    const pin = (await send('/api/scan', { text: await env.code('employee') }), await views.until((v) => v.screen === 'pin', 'the keypad'));
    const before = server.refused;
    for (const path of ['/api/view', '/api/events']) expect((await raw(server.port, 'GET', path, { host: host() })).status).toBe(403);
    expect((await raw(server.port, 'GET', '/api/events?session=guess', { host: host() })).status).toBe(403);
    const block = await seal(pin, '000000');
    for (const [path, body] of [['/api/pin', { id: pin.pin!.id, block }], ['/api/mode', { mode: 'mutual-aid' }], ['/api/cancel', {}]] as const) {
      const r = await raw(server.port, 'POST', path, { host: host(), origin: origin(), 'content-type': 'application/json' }, JSON.stringify(body));
      expect(`${path} ${r.status}`).toBe(`${path} 403`);
      expect(r.text).not.toContain(pin.pin!.jti);
    }
    // With the secret but without Origin (a local process, not the page): still refused.
    for (const path of ['/api/mode', '/api/cancel', '/api/pin']) {
      const r = await raw(server.port, 'POST', path, { host: host(), 'x-kiosk-session': server.session, 'content-type': 'application/json' }, JSON.stringify({ mode: 'self', id: pin.pin!.id, block }));
      expect(`${path} ${r.status}`).toBe(`${path} 403`);
    }
    expect(server.refused - before).toBe(9);
    expect(views.latest()).toMatchObject({ screen: 'pin', pin: { id: pin.pin!.id, attempt: 1 } });
    await backToIdle();
  });

  it('Host: exactly the bound host and port as a browser sends it (":80" left out), no other name', async () => {
    expect(hostHeader('127.0.0.1', 80)).toBe('127.0.0.1');
    expect(hostHeader('::1', 8080)).toBe('[::1]:8080');
    const auth = { 'x-kiosk-session': server.session };
    expect((await raw(server.port, 'GET', '/api/view', { host: host(), ...auth })).status).toBe(200);
    for (const h of [`evil.example:${server.port}`, `localhost:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
      expect(`${h} ${(await raw(server.port, 'GET', '/api/view', { host: h, ...auth })).status}`).toBe(`${h} 403`);
    }
    // Port 80, as browsers name it: `Host: 127.0.0.1`.
    const on80 = await startKioskServer({ kiosk, assets: {}, port: 80, session: server.session }).catch(() => undefined);
    if (on80) {
      try {
        expect(on80.url).toBe('http://127.0.0.1/');
        expect((await raw(80, 'GET', '/api/view', { host: '127.0.0.1', ...auth })).status).toBe(200);
        expect((await raw(80, 'GET', '/api/view', { host: '127.0.0.1:80', ...auth })).status).toBe(403);
      } finally {
        await on80.close();
      }
    }
  });

  it('beyond loopback: refused without a token; with one, other machines need it and never get the test wallet', async () => {
    await expect(startKioskServer({ kiosk, assets: {}, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'KIOSK_TOKEN_REQUIRED' });
    const token = 'kiosk-token-0123456789';
    const wide = await startKioskServer({ kiosk, assets: {}, host: '0.0.0.0', token, routes: { 'GET /api/wallet/persons': async () => ({ json: [{ case: 'x' }] }) } });
    try {
      const auth = { 'x-kiosk-session': wide.session };
      expect((await raw(wide.port, 'GET', '/api/view', { host: `127.0.0.1:${wide.port}`, ...auth })).status).toBe(200);
      expect((await raw(wide.port, 'GET', '/api/wallet/persons', { host: `127.0.0.1:${wide.port}`, ...auth })).status).toBe(200);
      const lan = Object.values(networkInterfaces()).flatMap((l) => l ?? []).find((i) => i.family === 'IPv4' && !i.internal)?.address;
      if (lan) {
        // From another address: a forged loopback Host does not help; the token does; the wallet stays hidden.
        expect((await raw(wide.port, 'GET', '/api/view', { host: `127.0.0.1:${wide.port}`, ...auth }, undefined, lan)).status).toBe(403);
        expect((await raw(wide.port, 'GET', `/api/view?token=${token}`, { host: `${lan}:${wide.port}`, ...auth }, undefined, lan)).status).toBe(200);
        expect((await raw(wide.port, 'GET', `/api/wallet/persons?token=${token}`, { host: `${lan}:${wide.port}`, ...auth }, undefined, lan)).status).toBe(404);
      }
    } finally {
      await wide.close();
    }
    // The launcher says so and refuses to start without one.
    const child = spawn(process.execPath, ['examples/kiosk/start.mjs', '--host', '0.0.0.0', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KIOSK_TOKEN: '' } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await new Promise((r) => child.on('exit', r))).toBe(2);
    expect(err).toContain('--token');
  });

  it('caps concurrent event streams (503 beyond), a closed one frees its place', async () => {
    const auth = { host: host(), 'x-kiosk-session': server.session };
    // The test's own reader holds one of the 3.
    const second = await viewReader(server.url);
    const third = await viewReader(server.url);
    expect((await raw(server.port, 'GET', '/api/events', auth)).status).toBe(503);
    await third.close();
    await new Promise((r) => setTimeout(r, 50));
    const again = await viewReader(server.url);
    await again.close();
    await second.close();
  });
});

describe('the kiosk never sticks', () => {
  it('a code that is not a voucher is refused at once (KIOSK_NOT_A_VOUCHER), the screen stays on idle, the next voucher is taken', async () => {
    const r = await send('/api/scan', { text: 'https://example.com/some-qr' });
    expect(r).toMatchObject({ status: 422, body: { code: 'KIOSK_NOT_A_VOUCHER', zh: expect.stringContaining('医保'), en: expect.any(String) } });
    expect(views.latest()!.screen).toBe('idle');
    expect((await send('/api/scan', { text: await env.code('employee') })).status).toBe(200);
    await views.until((v) => v.screen === 'pin', 'the keypad');
    await backToIdle();
  });

  it('every screen has its timer: a check that never ends goes back to idle', async () => {
    await env.fault({ infno: '2101', kind: 'delay', delayMs: 2000, times: 1 });
    await send('/api/scan', { text: await env.code('employee') });
    await views.until((v) => v.screen === 'checking', 'checking');
    expect(timer.armed).toBe(1);
    timer.fire();
    await views.until((v) => v.screen === 'idle', 'idle after the timeout');
    await kiosk.settled();
  });

  it('the customer camera gives no trace code: a 20-digit code on the payer step is refused, and the patient’s voucher in its other form is not the payer’s', async () => {
    await send('/api/mode', { mode: 'mutual-aid' });
    const member = await env.code('mutual-aid-member');
    await send('/api/scan', { text: member });
    await views.until((v) => v.screen === 'payer', 'the payer step');
    expect(await send('/api/scan', { text: '81234567890123456789' })).toMatchObject({ status: 422, body: { code: 'KIOSK_NOT_A_VOUCHER' } });
    // The same voucher with the (r, n − s) signature: one jti, so it is the patient's code again, ignored.
    const sig = Buffer.from(member.slice(member.lastIndexOf('.') + 1), 'base64url');
    const s = BigInt(`0x${sig.subarray(32).toString('hex')}`);
    const twin = `${member.slice(0, member.lastIndexOf('.') + 1)}${Buffer.concat([sig.subarray(0, 32), Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex')]).toString('base64url')}`;
    expect((await send('/api/scan', { text: twin })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(views.latest()).toMatchObject({ screen: 'payer' });
    expect(views.views.some((v) => v.screen === 'refused')).toBe(false);
    await backToIdle();
  });

  it('取消 while paying: the screen says not paid (nothing charged: false), and the journal reverses it', async () => {
    await env.fault({ infno: '2102', kind: 'delay', delayMs: 1000, times: 1 });
    await send('/api/scan', { text: await env.code('unbound-payer') });
    const pin = await views.until((v) => v.screen === 'pin', 'the keypad');
    await send('/api/pin', { id: pin.pin!.id, block: await seal(pin, env.person('unbound-payer').pin) });
    await views.until((v) => v.screen === 'paying', 'paying');
    await send('/api/cancel', {});
    const shown = await views.until((v) => v.screen === 'refused', 'not paid');
    expect(shown.error).toMatchObject({ code: 'KIOSK_NOT_PAID', nothingCharged: false, zh: expect.stringContaining('未支付') });
    await backToIdle();
  });
});
