/**
 * `backoffice serve`: an HTTP server over the back office's database.
 *
 *     POST /api/push              a till's signed push (see journal/push-format.ts)
 *     GET  /api/report?date=D     what the page shows, as JSON
 *     POST /api/reconcile?date=D[&pharmacy=P][&detail=1]   reconcile against the gateway
 *     GET  /                      the report page; /assets/echarts.min.js its chart library
 *
 * Listens on loopback unless a token is configured (access.ts).
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { PUSH_PATH } from '../journal/push-format.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { YibaoError } from '../lib/errors.js';
import { allowed, checkBinding } from './access.js';
import { openDatabase, type DatabaseTarget, type Sql } from './db.js';
import { BackofficeError } from './errors.js';
import { GatewayClients } from './gateway-clients.js';
import { GroupCommit } from './group-commit.js';
import { countRefusal, ingestBatch, pruneNonces } from './ingest.js';
import { localDay } from './local-day.js';
import { PAGE_HTML } from './page.js';
import { Partitions } from './partitions.js';
import { checkPush } from './push-check.js';
import { refusals, salesByHour, tillStatus, unbalancedDays } from './queries.js';
import { reconcilePharmacyDay, type PharmacyDayReport } from './reconcile.js';
import { readChain, registerChain, TillKeys } from './registry.js';
import { migrate } from './schema.js';
import { join } from 'node:path';

/**
 * How to start the back office: the environment folder of the chain, the database, the address and token.
 *
 * Exported from `yibao-pos/backoffice`.
 */
export interface BackofficeOptions {
  /** The folder `gateway init` made: the tills' public keys, the pharmacies, the gateway URL. */
  dir: string;
  port?: number;
  host?: string;
  /** PostgreSQL URL; default PGlite with its data in DIR/backoffice-db. */
  db?: string;
  /** Or an open database (tests share one). */
  sql?: Sql;
  /** Required to listen beyond loopback; then every read needs it. */
  token?: string;
  /** The gateway's URL for reconciliation (default: DIR's). */
  gatewayUrl?: string;
  clock?: Clock;
  /** A till that has not pushed for this long is listed as silent (default 15 minutes). */
  silentAfterMs?: number;
}

/**
 * A running back office: its URL, the database, and `close()`.
 *
 * Exported from `yibao-pos/backoffice`.
 */
export interface Backoffice {
  url: string;
  sql: Sql;
  reconcile(day: string, options?: { pharmacy?: string; detail?: boolean }): Promise<PharmacyDayReport[]>;
  close(): Promise<void>;
}

const MAX_PUSH_BYTES = 2 * 1024 * 1024;
/**
 * Batches written at once, on a server as on PGlite: one. Measured
 * (bench/80-backoffice, 2 cores shared with the database): one at a time
 * lets the next batch gather everything that came during the commit, so
 * fewer, larger statements; 47-51 % of the bare-insert rate at one
 * settlement per push against 36-38 % with eight at once and 38-44 % with two.
 */
const BATCHES_AT_ONCE = 1;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function refusal(res: ServerResponse, err: YibaoError): void {
  const status = { BACKOFFICE_PUSH_REPLAYED: 409, BACKOFFICE_WRONG_PHARMACY: 403, BACKOFFICE_TILL_UNKNOWN: 403, BACKOFFICE_PUSH_UNSIGNED: 401, BACKOFFICE_UNAUTHORIZED: 401 }[err.code] ?? 400;
  send(res, status, { ok: false, code: err.code, messages: err.messages });
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PUSH_BYTES) throw new BackofficeError('BACKOFFICE_PUSH_INVALID', { details: { field: '(size)' } });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Starts the back office: opens (and migrates) its database, registers the
 * chain's tills from DIR, and serves pushes, reports, reconciliation and the page.
 *
 * Exported from `yibao-pos/backoffice`.
 *
 * @param options The chain's folder (from `gateway init`), the database URL (default: PGlite in the folder), port, host and token.
 *
 * @example
 * ```ts
 * import { startBackoffice } from 'yibao-pos/backoffice';
 * const office = await startBackoffice({ dir: './env', port: 0 });
 * console.log(office.url);
 * await office.close();
 * ```
 */
export async function startBackoffice(options: BackofficeOptions): Promise<Backoffice> {
  const host = options.host ?? '127.0.0.1';
  checkBinding(host, options.token);
  const clock = options.clock ?? systemClock;
  const chain = await readChain(options.dir);
  const target: DatabaseTarget = options.db !== undefined ? { url: options.db } : { dir: join(options.dir, 'backoffice-db') };
  const sql = options.sql ?? (await openDatabase(target));
  const ownsSql = options.sql === undefined;
  try {
    await migrate(sql);
    await registerChain(sql, chain);
  } catch (err) {
    if (ownsSql) await sql.close();
    throw err;
  }
  const keys = new TillKeys(chain.tills);
  const partitions = new Partitions(sql);
  const gatewayUrl = options.gatewayUrl ?? chain.settings.url;
  const clients = gatewayUrl === undefined ? undefined : new GatewayClients(options.dir, chain, gatewayUrl, clock);
  let pushes = 0;
  const commits = new GroupCommit({
    store: (batch) => ingestBatch(sql, partitions, batch, clock()),
    concurrency: BATCHES_AT_ONCE,
    maxItems: 2000,
  });

  const reconcile = async (day: string, o: { pharmacy?: string; detail?: boolean } = {}): Promise<PharmacyDayReport[]> => {
    if (!clients) throw new BackofficeError('BACKOFFICE_UNREACHABLE', { details: { reason: 'no gateway URL (gateway serve writes it to DIR, or pass one)' } });
    const codes = o.pharmacy !== undefined ? [o.pharmacy] : chain.pharmacies.map((p) => p.code);
    const out: PharmacyDayReport[] = [];
    for (const code of codes) out.push(await reconcilePharmacyDay(sql, await clients.for(code), code, day, { detail: o.detail === true, now: clock() }));
    return out;
  };

  const handlePush = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let pharmacy = '';
    try {
      const bytes = await readBody(req);
      const sig = req.headers['x-yb-signature'];
      const push = await checkPush(keys, bytes, Array.isArray(sig) ? sig[0] : sig);
      pharmacy = push.pharmacy;
      const answer = await commits.submit(push);
      if (++pushes % 200 === 0) await pruneNonces(sql, pharmacy, clock());
      send(res, 200, { ok: true, ...answer });
    } catch (err) {
      if (err instanceof BackofficeError) {
        const p = typeof err.details.pharmacy === 'string' ? err.details.pharmacy : pharmacy;
        await countRefusal(sql, p, err.code, clock()).catch(() => {});
        refusal(res, err);
        return;
      }
      throw err;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://backoffice');
    if (req.method === 'POST' && url.pathname === PUSH_PATH) return handlePush(req, res);
    if (!allowed(req, url, options.token)) return refusal(res, new BackofficeError('BACKOFFICE_UNAUTHORIZED'));
    const day = url.searchParams.get('date') ?? localDay(clock());
    if (!DAY.test(day)) return send(res, 400, { ok: false, code: 'BACKOFFICE_DATE_INVALID' });
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PAGE_HTML);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/assets/echarts.min.js') {
      const file = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
      createReadStream(file).pipe(res);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/report') {
      return send(res, 200, {
        day,
        now: clock(),
        silentAfterMs: options.silentAfterMs ?? 15 * 60 * 1000,
        pharmacies: chain.pharmacies,
        sales: await salesByHour(sql, day),
        tills: await tillStatus(sql),
        unbalanced: await unbalancedDays(sql),
        refusals: await refusals(sql),
      });
    }
    if (req.method === 'POST' && url.pathname === '/api/reconcile') {
      const pharmacy = url.searchParams.get('pharmacy') ?? undefined;
      if (pharmacy !== undefined && !chain.pharmacies.some((p) => p.code === pharmacy)) return send(res, 404, { ok: false, code: 'BACKOFFICE_PHARMACY_UNKNOWN' });
      const reports = await reconcile(day, { ...(pharmacy ? { pharmacy } : {}), detail: url.searchParams.get('detail') === '1' });
      return send(res, 200, { ok: true, day, balanced: reports.every((r) => r.balanced), pharmacies: reports });
    }
    send(res, 404, { ok: false, code: 'NOT_FOUND' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (YibaoError.is(err)) return send(res, 502, { ok: false, code: err.code, messages: err.messages });
      send(res, 500, { ok: false, code: 'INTERNAL', message: (err as Error).message?.slice(0, 200) });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    sql,
    reconcile,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await clients?.close();
      if (ownsSql) await sql.close();
    },
  };
}
