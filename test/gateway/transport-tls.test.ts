import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../../src/gateway/transport.js';
import { failure, useCleanup } from './helpers/failure.js';

const pem = (name: string) => readFileSync(new URL(`./fixtures/tls/${name}`, import.meta.url));
const cleanup = useCleanup();
let url = '';
const clientCns: string[] = [];

beforeAll(async () => {
  const server = createServer({ key: pem('server.key'), cert: pem('server.pem'), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const cert = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
    clientCns.push(String(cert.subject?.CN));
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"infcode":0}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return () => new Promise<void>((r) => server.close(() => r()));
});

const body = Buffer.from('{"infno":"9001"}');

describe('HttpTransport over TLS', () => {
  it('mTLS: presents the client certificate and trusts the given CA', async () => {
    const t = new HttpTransport({ url, tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client.key') } });
    cleanup.push(() => t.close());
    const got = await t.post(body, {});
    expect(Buffer.from(got.body).toString()).toBe('{"infcode":0}');
    expect(clientCns.at(-1)).toBe('P42010000001-POS-01');
  });

  it('a server certificate from an unknown CA: GATEWAY_UNREACHABLE, refused', async () => {
    const t = new HttpTransport({ url, tls: { cert: pem('client.pem'), key: pem('client.key') } });
    cleanup.push(() => t.close());
    const e = await failure(t.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNREACHABLE');
    expect(e.outcome).toBe('refused');
  });

  it('no client certificate where the gateway requires one: GATEWAY_UNKNOWN_OUTCOME (TLS 1.3 refuses after the request left)', async () => {
    // With TLS 1.3 the client's handshake is done before the server checks the
    // certificate, so the request is written and then the socket closes: the
    // client cannot tell this from a crash after booking, and stays cautious.
    const t = new HttpTransport({ url, tls: { ca: pem('ca.pem') } });
    cleanup.push(() => t.close());
    const e = await failure(t.post(body, {}));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.outcome).toBe('unknown');
    expect(clientCns).toHaveLength(1);
  });
});
