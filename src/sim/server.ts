/**
 * The gateway simulator's HTTP server (node:http) over the SQLite ledger.
 * Order of checks on `POST /trans`: content type (415), body cap (413),
 * signature over the exact bytes (401, before any parsing), JSON (400), then
 * the envelope and the transaction (`infcode -1` answers with `err_code`).
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, type JWK } from 'jose';
import { systemClock, type Clock } from '../lib/clock.js';
import { optionalNumber, RANGES } from '../lib/numbers.js';
import { checkSkewSec } from '../voucher/verify.js';
import { silentLogger, type Logger } from '../lib/log.js';
import { adminHosts, adminRoute, isLoopbackAddress, noticesRoute, tokenMatches } from './admin.js';
import { ensureAdminToken, rememberAdminToken } from './admin-client.js';
import { ensureNationalTables } from './ledger/national-tables.js';
import { nationalAdminRoute } from './national-admin.js';
import type { SimState } from './context.js';
import { dispatch } from './dispatch.js';
import { readEnvelope, refusalAnswer } from './envelope.js';
import { readEnvKey, readEnvTrust } from './env.js';
import { envPaths } from './env.js';
import { FaultTable } from './faults.js';
import { Ledger } from './ledger/ledger.js';
import { loadTrustList } from './online-voucher.js';
import { SimRefusal } from './refusal.js';
import { SimError } from './errors.js';
import { checkBodySignature } from './signature-check.js';
import { openSm2Body } from '../gateway/security/national.js';
import { answerProfile, type ProfileName } from './profile/index.js';
import { NATIONAL_PROFILE } from '../gateway/profile/profiles.js';
import { readEnvSettings, envPharmacies } from './env.js';
import { readPlatformSecrets } from './national-env.js';
import { nationalWire, type NationalWire } from './national-wire.js';
import { voucherServiceAnswer } from './voucher-service.js';

/**
 * Options of `startSimulator`: environment folder, port, host, clock, logger, body size cap.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface SimulatorOptions {
  /** The environment made by `initEnvironment` / `yibao-pos gateway init`. */
  dir: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  clock?: Clock;
  logger?: Logger;
  /** Largest accepted body, default 64 KiB. */
  maxBodyBytes?: number;
  /** The token `/admin/*` and `/notices` require (default: the environment's, made in `DIR/admin-token` at first start). */
  adminToken?: string;
  /** Voucher clock skew allowed, seconds, default 10. */
  skewSec?: number;
  /** Answer shape: `extended` (with err_code/tries_left; the default of an `ours` environment) or `national` (exactly the real shape). */
  profile?: ProfileName;
  /**
   * The wire: `ours` (`/trans`, `X-Yb-Signature`) or `national` (the
   * platform's service path, `x-tif-*` headers, SM2/SM4, the local voucher
   * service). Default: what `gateway init --profile` made the environment for.
   */
  gatewayProfile?: 'ours' | 'national';
  /**
   * Terminals that sign with SM3withSM2 in `cainfo` (the `sm2` request
   * security profile) instead of `X-Yb-Signature`: their SM2 public keys.
   */
  sm2?: {
    terminals: Array<{ fixmedinsCode: string; devNo: string; publicKeyHex: string }>;
    userId?: string;
    /** When terminals encrypt `input` with SM4. */
    sm4KeyHex?: string;
  };
}

/**
 * A running simulator: its URL and port, a dump of the money tables, `close()`.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface Simulator {
  url: string;
  port: number;
  profile: ProfileName;
  /** What `/admin/*` and `/notices` require as `Authorization: Bearer <token>`. */
  adminToken: string;
  /** A JSON dump of every money table (tests compare it before and after). */
  dump(): string;
  close(): Promise<void>;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function readBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > cap) {
      reject(new HttpRefusal(413, 'body too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > cap) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpRefusal(413, 'body too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const isJsonType = (ct: string | undefined): boolean => {
  if (!ct) return false;
  const [type, ...params] = ct.toLowerCase().split(';').map((s) => s.trim());
  return type === 'application/json' && params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8');
};

/**
 * Runs the settlement gateway simulator over an environment on loopback: every transaction of gateway.md, a SQLite ledger, injectable faults.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param options The environment folder, and optionally port, host, clock, logger.
 * @example
 * ```ts
 * import { initEnvironment, startSimulator } from 'yibao-pos/sim';
 * await initEnvironment({ dir });
 * const sim = await startSimulator({ dir, port: 0 });
 * console.log(sim.url);
 * await sim.close();
 * ```
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const cap = optionalNumber('maxBodyBytes', options.maxBodyBytes, RANGES.bytes, 64 * 1024);
  const listenPort = optionalNumber('port', options.port, RANGES.port, 0);
  const skewSec = checkSkewSec(options.skewSec);
  const paths = envPaths(options.dir);
  const rootPublic = await readEnvKey(options.dir, 'root', 'public');
  const trust = await loadTrustList(await readEnvTrust(options.dir), rootPublic, clock);
  const pinJwk: JWK = await readEnvKey(options.dir, 'pin', 'private');
  const pinPrivateKey = (await importJWK(pinJwk, 'ECDH-ES+A256KW')) as CryptoKey;
  const adminToken = options.adminToken ?? (await ensureAdminToken(options.dir));
  const ledger = await Ledger.open(paths.ledger);
  ensureNationalTables(ledger);
  const state: SimState = { ledger, clock, trust, pinPrivateKey, skewSec };
  const faults = new FaultTable();
  const envSettings = await readEnvSettings(options.dir);
  const gatewayProfile = options.gatewayProfile ?? envSettings.gatewayProfile ?? 'ours';
  const profile = answerProfile(options.profile ?? (gatewayProfile === 'national' ? 'national' : 'extended'));
  let wire: NationalWire | undefined;
  if (gatewayProfile === 'national') {
    if (!envSettings.national) throw new SimError('SIM_ENV_MISSING', { details: { dir: options.dir, reason: 'not made with gateway init --profile national' } });
    wire = nationalWire(envSettings.national, await readPlatformSecrets(options.dir));
  }
  const pharmacyCodes = new Set(envPharmacies(envSettings).map((p) => p.fixmedinsCode));
  const sm2Keys = new Map((options.sm2?.terminals ?? []).map((t) => [`${t.fixmedinsCode}/${t.devNo}`, t.publicKeyHex.toLowerCase()]));
  const sm2Options = {
    ...(options.sm2?.userId !== undefined ? { userId: options.sm2.userId } : {}),
    ...(options.sm2?.sm4KeyHex !== undefined ? { sm4KeyHex: options.sm2.sm4KeyHex } : {}),
  };
  /** Its list expired: a renewed DIR/trust.jws (renewTrustList) takes over; otherwise vouchers are refused. */
  async function freshTrust(): Promise<void> {
    if (Math.floor(clock() / 1000) < state.trust.exp) return;
    try {
      const renewed = await loadTrustList(await readEnvTrust(options.dir), rootPublic, clock);
      if (renewed.seq > state.trust.seq) state.trust = renewed;
    } catch {
      /* still expired or unreadable: the expired list stays and refuses every voucher */
    }
  }

  async function handleTrans(req: IncomingMessage, res: ServerResponse, national?: NationalWire): Promise<void> {
    const receivedAt = clock();
    if (!isJsonType(req.headers['content-type'])) throw new HttpRefusal(415, 'content type must be application/json; charset=utf-8');
    const body = await readBody(req, cap);
    const header = req.headers['x-yb-signature'] as string | undefined;
    let signer: { kid: string; fixmedinsCode: string } | undefined;
    let parsed: unknown;
    let sm4Key: Uint8Array | string | undefined;
    if (national) {
      // Headers first, then the envelope's own signature, before anything in it is used.
      const reason = national.checkHeaders(req.headers, clock());
      if (reason !== undefined) throw new HttpRefusal(401, reason);
      try {
        const opened = await national.open(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as Record<string, unknown>);
        ({ envelope: parsed, sm4Key } = opened);
        signer = { kid: opened.kid, fixmedinsCode: opened.fixmedinsCode };
      } catch {
        signer = undefined;
      }
    } else if (header === undefined && sm2Keys.size > 0) {
      // The sm2 profile: the signature is inside the body, checked on the bytes read before anything else is used.
      try {
        // An SM2 terminal is scoped by pharmacy code + dev_no, as a JWS terminal is by its key id.
        let kid = '';
        parsed = await openSm2Body(body, (s) => sm2Keys.get((kid = `${s.fixmedinsCode}/${s.devNo}`)), sm2Options);
        signer = { kid, fixmedinsCode: (parsed as { fixmedins_code: string }).fixmedins_code };
      } catch {
        signer = undefined;
      }
    } else {
      signer = await checkBodySignature(ledger, body, header);
    }
    if (!signer) throw new HttpRefusal(401, 'signature');
    try {
      parsed ??= JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      const answer = refusalAnswer('', receivedAt, clock(), new SimRefusal('BAD_REQUEST', { detail: 'body is not JSON' }));
      sendJson(res, 400, profile.shape(answer, undefined));
      return;
    }
    let answerStatus = 200;
    let answer;
    let infno: string | undefined;
    try {
      const env = readEnvelope(parsed);
      infno = env.infno;
      if (national && env.infno === '1162') throw new SimRefusal('BAD_REQUEST', { detail: 'national codes are decoded by the voucher service (ec.query)' });
      if (env.fixmedins_code !== signer.fixmedinsCode) {
        answerStatus = 401;
        throw new SimRefusal('SIGNATURE_INVALID', { detail: 'fixmedins_code is not the signing terminal’s' });
      }
      const fault = faults.take(env.infno, signer.kid);
      if (fault?.kind === 'close') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === '5xx') {
        sendJson(res, 503, { error: 'injected fault' });
        return;
      }
      if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs));
      await freshTrust();
      answer = await dispatch(state, env, receivedAt, signer.kid);
      logger.log('info', 'trans', { infno: env.infno, msgid: env.msgid, infcode: answer.infcode, err_code: answer.err_code });
      if (fault?.kind === 'drop-after-commit') {
        req.socket.destroy();
        return;
      }
    } catch (err) {
      if (!(err instanceof SimRefusal)) throw err;
      answer = refusalAnswer('', receivedAt, clock(), err);
    }
    const shaped = profile.shape(answer, infno);
    sendJson(res, answerStatus, national ? national.seal(shaped, sm4Key) : shaped);
  }

  async function handleVoucherService(req: IncomingMessage, res: ServerResponse, national: NationalWire): Promise<void> {
    const receivedAt = clock();
    const body = await readBody(req, cap);
    const reason = national.checkHeaders(req.headers, clock());
    if (reason !== undefined) throw new HttpRefusal(401, reason);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpRefusal(400, 'body is not JSON');
    }
    await freshTrust();
    sendJson(res, 200, await voucherServiceAnswer(state, parsed, pharmacyCodes, receivedAt));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = req.method ?? 'GET';
    if (url.pathname === '/trans') {
      if (method !== 'POST') throw new HttpRefusal(405, 'POST only');
      await handleTrans(req, res);
      return;
    }
    if (wire && (url.pathname === NATIONAL_PROFILE.servicePath || url.pathname === NATIONAL_PROFILE.voucherServicePath)) {
      if (method !== 'POST') throw new HttpRefusal(405, 'POST only');
      if (url.pathname === NATIONAL_PROFILE.servicePath) await handleTrans(req, res, wire);
      else await handleVoucherService(req, res, wire);
      return;
    }
    if (url.pathname === '/notices' || url.pathname.startsWith('/admin/')) checkAdminRequest(req, method);
    if (url.pathname === '/notices' && method === 'GET') {
      const r = noticesRoute(ledger, url.searchParams.get('psn_no'));
      sendJson(res, r.status, r.body);
      return;
    }
    if (url.pathname.startsWith('/admin/')) {
      const raw = method === 'POST' || method === 'DELETE' ? await readBody(req, cap) : Buffer.alloc(0);
      let body: unknown = null;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new HttpRefusal(400, 'body is not JSON');
        }
      }
      const r = adminRoute(ledger, faults, method, url.pathname, body, clock()) ?? nationalAdminRoute(ledger, method, url.pathname, body, clock());
      if (r) {
        sendJson(res, r.status, r.body);
        return;
      }
    }
    throw new HttpRefusal(404, 'not found');
  }

  /**
   * The admin side answers a loopback peer that names this server (no other
   * Host: DNS rebinding), presents the token, and sends JSON when it sends a
   * body (a cross-site form or text/plain POST is refused before it is read).
   */
  function checkAdminRequest(req: IncomingMessage, method: string): void {
    if (!isLoopbackAddress(req.socket.remoteAddress)) throw new HttpRefusal(403, 'admin is loopback only');
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) throw new HttpRefusal(403, 'host');
    if (!tokenMatches(req.headers.authorization, adminToken)) throw new HttpRefusal(403, 'admin token required (Authorization: Bearer, see DIR/admin-token)');
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if ((method === 'POST' || hasBody) && !isJsonType(req.headers['content-type'])) throw new HttpRefusal(415, 'content type must be application/json');
  }
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || req.socket.destroyed) return;
      if (err instanceof HttpRefusal) {
        // A body cut short by the cap is still arriving: close rather than read the rest.
        if (err.status === 413) res.setHeader('connection', 'close');
        sendJson(res, err.status, { error: err.reason });
        return;
      }
      logger.log('error', 'simulator failure', { reason: err instanceof Error ? err.message : String(err) });
      sendJson(res, 500, refusalAnswer('', clock(), clock(), new SimRefusal('INTERNAL')));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  allowedHosts = adminHosts(host, addr.port);
  const url = `http://${host}:${addr.port}`;
  rememberAdminToken(url, adminToken);
  let closed: Promise<void> | undefined;
  return {
    url,
    port: addr.port,
    profile: profile.name,
    adminToken,
    dump: () => ledger.dump(),
    close() {
      rememberAdminToken(url, undefined);
      closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          ledger.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
