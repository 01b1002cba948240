/**
 * HTTP transport to the gateway: undici's fetch (the same code as Node 20's
 * global fetch) through an undici Agent, which gives what the global fetch
 * cannot be told: a connect timeout, a client certificate and CA (mTLS), and
 * keep-alive. A total timeout (AbortSignal.timeout) is combined with the
 * caller's signal.
 *
 * Every failure is classified by what it says about the request:
 * - nothing was sent (connection refused, DNS, connect timeout, TLS failure,
 *   signal already aborted): `GATEWAY_UNREACHABLE`, outcome `refused`;
 * - it may have been processed (timeout after connecting, reset, 5xx, a body
 *   that cannot be read): `GATEWAY_UNKNOWN_OUTCOME`, outcome `unknown`;
 * - 401: `GATEWAY_UNAUTHORIZED`, other 4xx: `GATEWAY_REFUSED` (the gateway
 *   refuses those before it parses the body, so nothing was booked).
 *
 * @module
 */
import { readBounded } from '../lib/bounded-body.js';
import { optionalNumber, RANGES } from '../lib/numbers.js';
import { Agent, fetch, type Dispatcher } from 'undici';
import { GatewayError } from './errors.js';

/**
 * TLS settings of the gateway connection: CA certificates and an optional client certificate.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface TlsOptions {
  /** Client certificate (PEM) for mTLS. */
  cert?: string | Buffer;
  /** Its private key (PEM). */
  key?: string | Buffer;
  /** CA certificate(s) (PEM) trusted for the gateway. */
  ca?: string | Buffer | Array<string | Buffer>;
}

export interface TransportOptions {
  /** Base URL; requests go to `{url}{path}`. */
  url: string;
  /** The profile's service path, default `/trans`. */
  path?: string;
  /** Whole request, connect to last body byte. Default 15000. */
  timeoutMs?: number;
  /** TCP + TLS connect. Default 5000. */
  connectTimeoutMs?: number;
  tls?: TlsOptions;
  /** Idle keep-alive of pooled sockets. Default 30000. */
  keepAliveMs?: number;
  /** An undici Dispatcher to use instead (tests: MockAgent; apps: a shared Agent). Not closed by `close()`. */
  dispatcher?: Dispatcher;
  /** Largest answer accepted. Default 1 MiB. */
  maxResponseBytes?: number;
}

export interface TransportAnswer {
  status: number;
  body: Uint8Array;
}

/** Error codes of a connection that never carried the request. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'EPROTO',
]);

/** The `code` of an error or of the first cause that has one. */
function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTlsFailure(code: string): boolean {
  return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('CERT_') || NOT_SENT.has(code);
}

export class HttpTransport {
  readonly #url: string;
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #dispatcher: Dispatcher;
  readonly #owned: Agent | undefined;

  constructor(options: TransportOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'url' } });
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'url', reason: 'http or https only' } });
    }
    this.#base = options.url.replace(/\/+$/, '');
    this.#url = `${this.#base}${options.path ?? '/trans'}`;
    this.#timeoutMs = optionalNumber('timeoutMs', options.timeoutMs, RANGES.timeoutMs, 15_000);
    this.#maxBytes = optionalNumber('maxResponseBytes', options.maxResponseBytes, RANGES.bytes, 1 << 20);
    optionalNumber('connectTimeoutMs', options.connectTimeoutMs, RANGES.timeoutMs);
    optionalNumber('keepAliveMs', options.keepAliveMs, RANGES.timeoutMs);
    if (options.dispatcher) {
      this.#dispatcher = options.dispatcher;
    } else {
      const tls = options.tls ?? {};
      this.#owned = new Agent({
        connect: {
          timeout: options.connectTimeoutMs ?? 5_000,
          ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
          ...(tls.key !== undefined ? { key: tls.key } : {}),
          ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
        },
        keepAliveTimeout: options.keepAliveMs ?? 30_000,
        // A settlement must not be retried by the HTTP layer: POST is never re-sent.
        pipelining: 1,
      });
      this.#dispatcher = this.#owned;
    }
  }

  /**
   * POSTs the exact `body` bytes (to the service path, or to `path` under the
   * same base: the local voucher service); returns the status and the raw
   * answer bytes, or throws a classified GatewayError.
   */
  async post(body: Uint8Array, headers: Record<string, string>, signal?: AbortSignal, path?: string): Promise<TransportAnswer> {
    if (signal?.aborted) {
      throw new GatewayError('GATEWAY_UNREACHABLE', { outcome: 'refused', details: { reason: 'aborted before sending' } });
    }
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(path === undefined ? this.#url : `${this.#base}${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        signal: combined,
        dispatcher: this.#dispatcher,
      });
    } catch (error) {
      throw this.#classify(error, timeout, signal);
    }
    const status = response.status;
    let bytes: Uint8Array;
    try {
      bytes = await readBounded(response, this.#maxBytes);
    } catch (error) {
      if (status === 401) throw new GatewayError('GATEWAY_UNAUTHORIZED', { httpStatus: status });
      throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', {
        outcome: 'unknown',
        httpStatus: status,
        cause: error,
        details: { reason: timeout.aborted ? 'timeout' : 'unreadable body', httpStatus: status },
      });
    }
    if (status === 401) throw new GatewayError('GATEWAY_UNAUTHORIZED', { httpStatus: status });
    if (status >= 500) {
      throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { outcome: 'unknown', httpStatus: status, details: { reason: 'http 5xx', httpStatus: status } });
    }
    if (status >= 400) {
      throw new GatewayError('GATEWAY_REFUSED', { httpStatus: status, details: { reason: `http ${status}`, httpStatus: status } });
    }
    if (status !== 200) {
      throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { outcome: 'unknown', httpStatus: status, details: { reason: `http ${status}`, httpStatus: status } });
    }
    return { status, body: bytes };
  }

  #classify(error: unknown, timeout: AbortSignal, signal: AbortSignal | undefined): GatewayError {
    const code = causeCode(error);
    if (code !== undefined && isTlsFailure(code)) {
      return new GatewayError('GATEWAY_UNREACHABLE', { outcome: 'refused', cause: error, details: { reason: code } });
    }
    const reason = timeout.aborted ? 'timeout' : signal?.aborted ? 'aborted' : (code ?? 'connection lost');
    return new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { outcome: 'unknown', cause: error, details: { reason } });
  }

  /** Closes the pooled sockets this transport made (not an injected dispatcher). */
  async close(): Promise<void> {
    await this.#owned?.close();
  }
}
