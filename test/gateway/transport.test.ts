import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HttpTransport } from '../../src/gateway/transport.js';
import { failure, useCleanup } from './helpers/failure.js';
import { answer, startFakeGateway, type Handler } from './helpers/fake-gateway.js';

const body = Buffer.from(JSON.stringify({ infno: '2102', msgid: 'P42010000001202611221159590001', input: { a: '中文' } }));
const cleanup = useCleanup();

async function setup(handler: Handler, timeoutMs = 300) {
  const gw = await startFakeGateway(handler);
  const transport = new HttpTransport({ url: gw.url, timeoutMs, connectTimeoutMs: 1000 });
  cleanup.push(() => gw.close(), () => transport.close());
  return { gw, transport };
}

describe('HttpTransport', () => {
  it('POSTs the exact bytes to {url}/trans with the JSON content type and returns the answer bytes', async () => {
    const { gw, transport } = await setup((_got, res) => answer(res, { infcode: 0, output: {} }));
    const got = await transport.post(body, { 'x-yb-signature': 'h..s' });
    expect(got.status).toBe(200);
    expect(JSON.parse(Buffer.from(got.body).toString())).toEqual({ infcode: 0, output: {} });
    expect(gw.received).toHaveLength(1);
    expect(gw.received[0]!.raw.equals(body)).toBe(true);
    expect(gw.received[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(gw.received[0]!.headers['x-yb-signature']).toBe('h..s');
  });

  it('connection refused on a closed port: GATEWAY_UNREACHABLE, refused', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const transport = new HttpTransport({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    cleanup.push(() => transport.close());
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNREACHABLE');
    expect(e.outcome).toBe('refused');
    expect(e.details.reason).toBe('ECONNREFUSED');
  });

  it('unknown host name: GATEWAY_UNREACHABLE', async () => {
    const transport = new HttpTransport({ url: 'http://no-such-host.invalid', timeoutMs: 5000 });
    cleanup.push(() => transport.close());
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNREACHABLE');
    expect(e.outcome).toBe('refused');
  });

  it('no answer at all: timeout, GATEWAY_UNKNOWN_OUTCOME', async () => {
    const { transport } = await setup(() => {}, 200);
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.outcome).toBe('unknown');
    expect(e.details.reason).toBe('timeout');
  });

  it('timeout after the headers were sent: GATEWAY_UNKNOWN_OUTCOME', async () => {
    const { transport } = await setup((_got, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"infcode":0,');
    }, 200);
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.outcome).toBe('unknown');
    expect(e.httpStatus).toBe(200);
  });

  it('socket destroyed mid-response: GATEWAY_UNKNOWN_OUTCOME', async () => {
    const { transport } = await setup((_got, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"infcode":0,"output":', () => res.socket?.destroy());
    }, 5000);
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.outcome).toBe('unknown');
  });

  it('socket destroyed before any answer: GATEWAY_UNKNOWN_OUTCOME (the request was sent)', async () => {
    const { transport } = await setup((_got, _res, req) => {
      req.socket.destroy();
    }, 5000);
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.outcome).toBe('unknown');
  });

  it.each([500, 502, 503])('HTTP %i: GATEWAY_UNKNOWN_OUTCOME with the status', async (status) => {
    const { transport } = await setup((_got, res) => answer(res, { infcode: -1, err_code: 'INTERNAL' }, status));
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.outcome).toBe('unknown');
    expect(e.httpStatus).toBe(status);
  });

  it('HTTP 401: GATEWAY_UNAUTHORIZED, refused', async () => {
    const { transport } = await setup((_got, res) => answer(res, { error: 'unsigned' }, 401));
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNAUTHORIZED');
    expect(e.outcome).toBe('refused');
    expect(e.httpStatus).toBe(401);
  });

  it.each([400, 413, 415])('HTTP %i: GATEWAY_REFUSED, refused', async (status) => {
    const { transport } = await setup((_got, res) => answer(res, {}, status));
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_REFUSED');
    expect(e.outcome).toBe('refused');
    expect(e.httpStatus).toBe(status);
  });

  it('an answer bigger than the cap: GATEWAY_UNKNOWN_OUTCOME', async () => {
    const gw = await startFakeGateway((_got, res) => answer(res, { infcode: 0, output: { pad: 'x'.repeat(5000) } }));
    const transport = new HttpTransport({ url: gw.url, maxResponseBytes: 1000 });
    cleanup.push(() => gw.close(), () => transport.close());
    const e = await failure(transport.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
  });

  it('a signal aborted before sending: GATEWAY_UNREACHABLE and nothing reaches the server', async () => {
    const { gw, transport } = await setup((_got, res) => answer(res, {}));
    const e = await failure(transport.post(body, {}, AbortSignal.abort()));
    expect(e.code).toBe('GATEWAY_UNREACHABLE');
    expect(gw.received).toHaveLength(0);
  });

  it('a caller abort after sending: GATEWAY_UNKNOWN_OUTCOME, reason aborted', async () => {
    const controller = new AbortController();
    const { transport } = await setup(() => controller.abort(), 5000);
    const e = await failure(transport.post(body, {}, controller.signal));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.details.reason).toBe('aborted');
  });

  it('keeps the connection alive between calls', async () => {
    const ports = new Set<number>();
    const { transport } = await setup((_got, res, req) => {
      ports.add(req.socket.remotePort ?? -1);
      answer(res, { infcode: 0 });
    });
    // undici may open a second socket while the first is being released; it reuses them.
    for (let i = 0; i < 10; i++) await transport.post(body, {});
    expect(ports.size).toBeLessThanOrEqual(2);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new HttpTransport({ url: 'ftp://x' })).toThrow(expect.objectContaining({ code: 'GATEWAY_REQUEST_INVALID' }));
    expect(() => new HttpTransport({ url: 'not a url' })).toThrow(expect.objectContaining({ code: 'GATEWAY_REQUEST_INVALID' }));
  });
});
