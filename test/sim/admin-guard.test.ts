/**
 * The simulator's admin and notice routes answer only its own callers: the
 * bound Host (no DNS rebinding), the admin token (made at the first start,
 * kept 0600 in DIR/admin-token), and JSON bodies (a text/plain POST from any
 * page once reset PIN tries and set faults; /admin/accounts and /notices
 * handed out every balance).
 */
import { request } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envPaths } from '../../src/sim/env.js';
import { running, type Running } from './helpers/terminal.js';

let r: Running;
beforeAll(async () => {
  r = await running();
});
afterAll(async () => {
  await r.sim.close();
});

/** A raw request with exactly these headers (fetch would not let a test forge Host). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: r.sim.port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('simulator admin routes', () => {
  it('refuse a caller without the token, with another Host, or posting anything but JSON; nothing changes', async () => {
    const host = `127.0.0.1:${r.sim.port}`;
    const auth = `Bearer ${r.sim.adminToken}`;
    const p = r.env.person('pin-lock');
    for (let i = 0; i < 3; i++) await r.term.settle(p, 100, { pin: '000000' });
    expect((await r.term.settle(p, 100)).body.err_code).toBe('PIN_LOCKED');

    // What a page of another site, or a process without the token, could send.
    const pinReset = JSON.stringify({ psn_no: p.psn_no });
    expect((await raw('POST', '/admin/pin-reset', { host, 'content-type': 'text/plain' }, pinReset)).status).toBe(403);
    expect((await raw('POST', '/admin/pin-reset', { host: 'attacker.example', 'content-type': 'text/plain' }, pinReset)).status).toBe(403);
    expect((await raw('POST', '/admin/pin-reset', { host: `attacker.example:${r.sim.port}`, authorization: auth, 'content-type': 'application/json' }, pinReset)).status).toBe(403);
    expect((await raw('POST', '/admin/pin-reset', { host, authorization: auth, 'content-type': 'text/plain' }, pinReset)).status).toBe(415);
    expect((await raw('POST', '/admin/pin-reset', { host, authorization: 'Bearer wrong-token-0123456789', 'content-type': 'application/json' }, pinReset)).status).toBe(403);
    expect((await raw('POST', '/admin/faults', { host, 'content-type': 'text/plain' }, JSON.stringify({ infno: '2102', kind: '5xx' }))).status).toBe(403);
    for (const path of ['/admin/accounts', '/admin/bookings', '/admin/faults', `/notices?psn_no=${p.psn_no}`]) {
      const res = await raw('GET', path, { host });
      expect(`${path} ${res.status}`).toBe(`${path} 403`);
      expect(res.text).not.toContain('balanceFen');
      expect((await raw('GET', path, { host: `rebind.example:${r.sim.port}`, authorization: auth })).status).toBe(403);
    }
    // Still locked, and no fault was set: a settlement goes through once reset by the real admin.
    expect((await r.term.settle(p, 100)).body.err_code).toBe('PIN_LOCKED');

    const ok = await raw('POST', '/admin/pin-reset', { host, authorization: auth, 'content-type': 'application/json' }, pinReset);
    expect(ok.status).toBe(200);
    expect((await r.term.settle(p, 100)).body.infcode).toBe(0);
    expect((await raw('GET', '/admin/accounts', { host: `localhost:${r.sim.port}`, authorization: auth })).status).toBe(200);
  });

  it('lists the faults still set: one set for a single message is gone once that message arrived', async () => {
    const host = `127.0.0.1:${r.sim.port}`;
    const auth = `Bearer ${r.sim.adminToken}`;
    const json = { host, authorization: auth, 'content-type': 'application/json' };
    expect((await raw('POST', '/admin/faults', json, JSON.stringify({ infno: '2102', kind: 'delay', delayMs: 1, times: 1 }))).status).toBe(200);
    const listed = await raw('GET', '/admin/faults', { host, authorization: auth });
    expect(JSON.parse(listed.text)).toEqual([{ infno: '2102', kind: 'delay', delayMs: 1, times: 1 }]);
    expect((await r.term.settle(r.env.person('employee'), 100)).body.infcode).toBe(0);
    expect(JSON.parse((await raw('GET', '/admin/faults', { host, authorization: auth })).text)).toEqual([]);
  });

  it('keeps its token in DIR/admin-token, owner-only, and keeps it across restarts of the environment', async () => {
    const file = envPaths(r.env.dir).adminToken;
    expect(readFileSync(file, 'utf8').trim()).toBe(r.sim.adminToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(r.sim.adminToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
