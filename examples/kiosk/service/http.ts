/**
 * The kiosk's HTTP side (node:http): the page's files, the API of api.ts and
 * its server-sent events. Loopback by default; requests naming another host
 * (DNS rebinding) or coming from another origin are refused.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { YibaoError, type Logger } from 'yibao-pos';
import type { ApiError } from '../api.js';
import { KioskError, STATUS } from './errors.js';
import type { Kiosk } from './kiosk.js';

/** A file the service hands out: the page, its script, its style. */
export interface Asset {
  type: string;
  body: string | Uint8Array;
}

/** Extra routes (the test wallet of the simulator mode). */
export type Route = (req: IncomingMessage, body: unknown) => Promise<{ status?: number; json?: unknown; asset?: Asset } | undefined>;

export interface KioskServerOptions {
  kiosk: Kiosk;
  assets: Record<string, Asset>;
  routes?: Record<string, Route>;
  host?: string;
  port?: number;
  logger?: Logger;
}

export interface KioskServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function startKioskServer(options: KioskServerOptions): Promise<KioskServer> {
  const { kiosk, assets, logger } = options;
  const host = options.host ?? '127.0.0.1';
  const streams = new Set<ServerResponse>();
  const sendView = (res: ServerResponse) => res.write(`event: view\ndata: ${JSON.stringify(kiosk.view)}\n\n`);
  const onView = () => {
    for (const res of streams) {
      try {
        sendView(res);
      } catch {
        // A page that went away: its stream is dropped, the others still get the view.
        streams.delete(res);
      }
    }
  };
  kiosk.on('view', onView);

  let port = 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const e = YibaoError.is(err) ? err : new KioskError('KIOSK_BAD_REQUEST');
      const status = e instanceof KioskError ? STATUS[e.code] : 409;
      if (!YibaoError.is(err)) logger?.log('warn', 'request failed', { path: req.url, error: String((err as Error)?.name) });
      reply(res, status, { code: e.code, zh: e.messages.zh, en: e.messages.en } satisfies ApiError);
    });
  });

  const allowedHosts = () => new Set([`${host}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kiosk');
    res.on('finish', () => logger?.log('info', 'http', { method: req.method, path: url.pathname, status: res.statusCode }));
    if (!allowedHosts().has(req.headers.host ?? '')) throw new KioskError('KIOSK_FORBIDDEN');
    if (req.method === 'GET') {
      const asset = assets[url.pathname];
      if (asset) return serve(res, asset);
      if (url.pathname === '/api/view') return reply(res, 200, kiosk.view);
      if (url.pathname === '/api/events') return openStream(res);
    }
    const origin = req.headers.origin;
    if (req.method === 'POST') {
      if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) throw new KioskError('KIOSK_FORBIDDEN');
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new KioskError('KIOSK_BAD_REQUEST', { field: 'content-type' });
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const route = options.routes?.[`${req.method} ${url.pathname}`];
    if (route) {
      const out = await route(req, body);
      if (out?.asset) return serve(res, out.asset);
      if (out) return reply(res, out.status ?? 200, out.json ?? {});
    }
    if (req.method !== 'POST') throw new KioskError('KIOSK_NOT_FOUND');
    const b = body as Record<string, unknown>;
    switch (url.pathname) {
      case '/api/scan':
        await kiosk.scan(b.text);
        break;
      case '/api/pin':
        kiosk.pin(b.id, b.block);
        break;
      case '/api/mode':
        kiosk.mode(b.mode);
        break;
      case '/api/cancel':
        kiosk.cancel();
        break;
      case '/api/activity':
        kiosk.activity();
        break;
      default:
        throw new KioskError('KIOSK_NOT_FOUND');
    }
    reply(res, 200, { ok: true });
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    streams.add(res);
    res.on('close', () => streams.delete(res));
    sendView(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: async () => {
      kiosk.off('view', onView);
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

function serve(res: ServerResponse, asset: Asset): void {
  res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' });
  res.end(asset.body);
}

function reply(res: ServerResponse, status: number, json: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(json));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new KioskError('KIOSK_BAD_REQUEST', { field: 'body', limit: MAX_BODY });
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new KioskError('KIOSK_BAD_REQUEST', { field: 'body' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new KioskError('KIOSK_BAD_REQUEST', { field: 'body' });
  return body;
}
