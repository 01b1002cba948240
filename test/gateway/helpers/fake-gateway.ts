/**
 * A node:http server on loopback port 0 that the test scripts answer by
 * answer, recording every request (raw bytes, headers, parsed envelope).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface Received {
  raw: Buffer;
  headers: IncomingMessage['headers'];
  envelope: Record<string, unknown> & { infno: string; msgid: string; sign_no: string; input: Record<string, unknown> };
}

export type Handler = (got: Received, res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

export async function startFakeGateway(handler: Handler): Promise<{ url: string; received: Received[]; close(): Promise<void>; setHandler(h: Handler): void }> {
  const received: Received[] = [];
  let current = handler;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let envelope: Received['envelope'];
      try {
        envelope = JSON.parse(raw.toString('utf8')) as Received['envelope'];
      } catch {
        // A form (an OAuth token request): the handler reads the raw bytes.
        envelope = {} as Received['envelope'];
      }
      const got: Received = { raw, headers: req.headers, envelope };
      received.push(got);
      void current(got, res, req);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setHandler(h) {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function answer(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export const ok = (output: unknown) => ({ infcode: 0, inf_refmsgid: '420100202611221200000000000001', err_msg: '', output });
export const refusal = (errCode: string, errMsg = '失败', extra: Record<string, unknown> = {}) => ({ infcode: -1, err_code: errCode, err_msg: errMsg, ...extra });

export async function terminalKeys(kid = 'term-test'): Promise<{ priv: JWK; pub: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { priv: { ...(await exportJWK(privateKey)), kid }, pub: { ...(await exportJWK(publicKey)), kid } };
}

export const setlinfo = {
  setl_id: 'S1',
  mdtrt_id: 'M1',
  psn_no: 'PSN1',
  medfee_sumamt: '26.80',
  fund_pay_sumamt: '0.00',
  acct_pay: 26.8,
  acct_mulaid_pay: '0.00',
  psn_cash_pay: '0',
  balc: '473.20',
};
