/**
 * The kiosk's HTTP side (node:http): the page's files, the API of api.ts and
 * its server-sent events. The API belongs to the page this process serves:
 *
 * - a session secret, new at every start, is written into the served page
 *   (`<meta name="kiosk-session">`) and nowhere else; every `/api` call
 *   carries it (`X-Kiosk-Session`, or `?session=` on the event stream), so
 *   no other local process or page can read the PIN prompt or drive a sale;
 * - a state-changing call must carry `Origin` naming this server;
 * - `Host` must be this server as a browser names it (`:80` left out), no
 *   other name (DNS rebinding);
 * - bound beyond loopback, a configured token is required from every
 *   non-loopback peer (`?token=` on the page, then a same-site cookie), and
 *   the extra routes (the simulator's test wallet) answer loopback peers only;
 * - at most `maxStreams` event streams at once (503 beyond), idle sockets closed.
 *
 * Refused callers get 403 and are counted (`refused`).
 *
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
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
  /** Required when `host` is not loopback: what a browser elsewhere must present (`?token=`). */
  token?: string;
  /** Concurrent event streams allowed (default 8); one more gets 503. */
  maxStreams?: number;
  /** A session secret to use instead of a random one (tests that drive several servers). */
  session?: string;
}

export interface KioskServer {
  url: string;
  port: number;
  /** The secret written into the page: what the page sends with every API call. */
  session: string;
  /** Requests refused so far (no secret, another host or origin, no token). */
  readonly refused: number;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped form. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || a === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** `host:port` as a browser sends it in `Host` (IPv6 bracketed, `:80` left out). */
export function hostHeader(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === 80 ? h : `${h}:${port}`;
}

/** The Host values this server answers: the bound address, or every interface's when bound to all of them. */
function boundHosts(host: string, port: number): Set<string> {
  if (host !== '0.0.0.0' && host !== '::') return new Set([hostHeader(host, port)]);
  const all = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return new Set(all.map((a) => hostHeader(a, port)));
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startKioskServer(options: KioskServerOptions): Promise<KioskServer> {
  const { kiosk, assets, logger } = options;
  const host = options.host ?? '127.0.0.1';
  const remote = !isLoopback(host);
  if (remote && !options.token) throw new KioskError('KIOSK_TOKEN_REQUIRED', { host });
  const session = options.session ?? randomBytes(24).toString('base64url');
  const maxStreams = options.maxStreams ?? 8;
  let refused = 0;
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

  let hosts = new Set<string>();
  const forbid = (why: string, req: IncomingMessage): never => {
    refused++;
    logger?.log('warn', 'refused', { why, path: new URL(req.url ?? '/', 'http://kiosk').pathname, peer: req.socket.remoteAddress ?? 'unknown' });
    throw new KioskError('KIOSK_FORBIDDEN');
  };
  const cookieToken = (req: IncomingMessage): string | undefined => /(?:^|;\s*)kiosk_token=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kiosk');
    res.on('finish', () => logger?.log('info', 'http', { method: req.method, path: url.pathname, status: res.statusCode }));
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) forbid('host', req);
    const localPeer = isLoopback(req.socket.remoteAddress);
    // Beyond loopback: the configured token, from the page's query once, then its cookie.
    let setCookie: string | undefined;
    if (!localPeer) {
      const given = url.searchParams.get('token') ?? cookieToken(req);
      if (!options.token || given === null || given === undefined || !same(given, options.token)) forbid('token', req);
      if (url.searchParams.has('token')) setCookie = `kiosk_token=${options.token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    const api = url.pathname.startsWith('/api/');
    if (api) {
      // The page's own secret: only the page this process served knows it.
      const given = req.headers['x-kiosk-session'] ?? (url.pathname === '/api/events' ? url.searchParams.get('session') : undefined);
      if (typeof given !== 'string' || !same(given, session)) forbid('session', req);
    }
    const extra = options.routes?.[`${req.method} ${url.pathname}`];
    // The test wallet draws freshly signed vouchers: loopback peers only.
    if (extra && !localPeer) throw new KioskError('KIOSK_NOT_FOUND');
    if (req.method === 'GET') {
      const asset = assets[url.pathname];
      if (asset) return serve(res, asset, session, setCookie);
      if (url.pathname === '/api/view') return reply(res, 200, kiosk.view);
      if (url.pathname === '/api/events') return openStream(res);
    }
    if (req.method === 'POST') {
      // Every state-changing call names this page's origin (required, not merely checked when present).
      const origin = req.headers.origin;
      if (typeof origin !== 'string' || !origin.startsWith('http://') || !hosts.has(origin.slice(7).toLowerCase())) forbid('origin', req);
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new KioskError('KIOSK_BAD_REQUEST', { field: 'content-type' });
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const route = extra;
    if (route) {
      const out = await route(req, body);
      if (out?.asset) return serve(res, out.asset, session);
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
    if (streams.size >= maxStreams) throw new KioskError('KIOSK_TOO_MANY_STREAMS', { limit: maxStreams });
    // An event stream lives as long as its page: no idle timeout on its socket.
    res.socket?.setTimeout(0);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    streams.add(res);
    res.on('close', () => streams.delete(res));
    sendView(res);
  }

  // Idle and slow clients are cut off: headers within 10 s, a request within 30 s, 60 s idle sockets closed.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.setTimeout(60_000, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  hosts = boundHosts(host, port);
  return {
    url: `http://${hostHeader(host, port)}/`,
    port,
    session,
    get refused() {
      return refused;
    },
    close: async () => {
      kiosk.off('view', onView);
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

/** Serves a file; a page gets the session secret written into its `kiosk-session` meta tag. */
function serve(res: ServerResponse, asset: Asset, session: string, setCookie?: string): void {
  const body = asset.type.startsWith('text/html') && typeof asset.body === 'string' ? asset.body.replace('<meta name="kiosk-session" content="">', `<meta name="kiosk-session" content="${session}">`) : asset.body;
  res.writeHead(200, {
    'Content-Type': asset.type,
    'Cache-Control': 'no-store',
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(setCookie ? { 'Set-Cookie': setCookie } : {}),
  });
  res.end(body);
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
