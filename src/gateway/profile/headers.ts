/**
 * HTTP header signing of the gateway profiles (see types.ts `HeaderSigning`):
 * the platform's paas headers, the API bus `_api_*` HMAC, and an OAuth
 * password-grant bearer token that the client fetches and renews. Pure
 * except the OAuth fetch; time and randomness are injected.
 *
 * @module
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { fetch, type Dispatcher } from 'undici';
import type { Clock } from '../../lib/clock.js';
import { GatewayError } from '../errors.js';

/** Makes the headers of one request (`infno`: the message's transaction code). */
export interface HeaderSigner {
  headers(infno: string, signal?: AbortSignal): Promise<Record<string, string>>;
  /** The gateway said 401: forget what may be stale (the OAuth token). */
  unauthorized?(): void;
}

/**
 * paas: `x-tif-signature` = SHA-256 (hex) of timestamp + token + nonce +
 * timestamp, timestamp in Unix seconds, nonce random.
 */
export function paasHeaders(paas: { paasid: string; token: string }, nowMs: number, nonce: string): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHash('sha256').update(`${timestamp}${paas.token}${nonce}${timestamp}`, 'utf8').digest('hex');
  return { 'x-tif-paasid': paas.paasid, 'x-tif-timestamp': timestamp, 'x-tif-nonce': nonce, 'x-tif-signature': signature };
}

/**
 * `_api_*`: `_api_signature` = base64 of HMAC-SHA1 (key: the secret key) of
 * `_api_access_key=…&_api_name=…&_api_timestamp=…&_api_version=…` (names
 * sorted), the timestamp in Unix milliseconds.
 */
export function hmacHeaders(h: { accessKey: string; secretKey: string; apiVersion?: string }, apiName: string, nowMs: number, extra: Record<string, string> = {}): Record<string, string> {
  const params: Record<string, string> = {
    ...extra,
    _api_access_key: h.accessKey,
    _api_name: apiName,
    _api_timestamp: String(nowMs),
    _api_version: h.apiVersion ?? '1.0.0',
  };
  const text = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  const signature = createHmac('sha1', h.secretKey).update(text, 'utf8').digest('base64');
  return { _api_name: apiName, _api_version: params._api_version!, _api_timestamp: params._api_timestamp!, _api_access_key: h.accessKey, _api_signature: signature };
}

/** The OAuth account of the password grant. */
export interface OAuthAccount {
  tokenUrl: string;
  username: string;
  password: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

/** What the token endpoint answered, as RFC 6749 §5.1 has it. */
interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
}

/**
 * An OAuth 2.0 password-grant token (RFC 6749 §4.3), fetched on first use and
 * again once it is within `marginMs` of expiry by the injected clock, or after
 * the gateway said 401. Concurrent callers share one fetch.
 */
export class OAuthTokenSource implements HeaderSigner {
  readonly #o: OAuthAccount;
  readonly #clock: Clock;
  readonly #marginMs: number;
  readonly #dispatcher: Dispatcher | undefined;
  #token: { value: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;
  /** How many tokens were fetched (tests and logs). */
  fetched = 0;

  constructor(o: OAuthAccount, options: { clock: Clock; marginMs?: number; dispatcher?: Dispatcher }) {
    this.#o = o;
    this.#clock = options.clock;
    this.#marginMs = options.marginMs ?? 60_000;
    this.#dispatcher = options.dispatcher;
  }

  async headers(_infno: string, signal?: AbortSignal): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token(signal)}` };
  }

  unauthorized(): void {
    this.#token = undefined;
  }

  token(signal?: AbortSignal): Promise<string> {
    const t = this.#token;
    if (t && this.#clock() < t.expiresAt - this.#marginMs) return Promise.resolve(t.value);
    this.#pending ??= this.#fetch(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #fetch(signal?: AbortSignal): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'password', username: this.#o.username, password: this.#o.password });
    if (this.#o.clientId !== undefined) form.set('client_id', this.#o.clientId);
    if (this.#o.clientSecret !== undefined) form.set('client_secret', this.#o.clientSecret);
    if (this.#o.scope !== undefined) form.set('scope', this.#o.scope);
    const refuse = (reason: string, cause?: unknown) =>
      // Nothing of the message was sent: its outcome is known.
      new GatewayError('GATEWAY_UNREACHABLE', { outcome: 'refused', ...(cause !== undefined ? { cause } : {}), details: { stage: 'oauth token', reason } });
    let answer: TokenAnswer;
    try {
      const res = await fetch(this.#o.tokenUrl, {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        ...(signal ? { signal } : {}),
        ...(this.#dispatcher ? { dispatcher: this.#dispatcher } : {}),
      });
      if (res.status !== 200) throw refuse(`token endpoint answered HTTP ${res.status}`);
      answer = (await res.json()) as TokenAnswer;
    } catch (e) {
      throw e instanceof GatewayError ? e : refuse('token endpoint unreachable', e);
    }
    if (typeof answer.access_token !== 'string' || answer.access_token === '') throw refuse('no access_token');
    const ttlSec = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : 3600;
    this.fetched++;
    this.#token = { value: answer.access_token, expiresAt: this.#clock() + ttlSec * 1000 };
    return answer.access_token;
  }
}

/** A header signer for a profile's `headerSigning` (jws is the security's own header, not here). */
export function headerSigner(
  kind: 'paas' | 'hmac' | 'oauth' | 'jws' | 'none',
  credentials: { paas?: { paasid: string; token: string }; hmac?: { accessKey: string; secretKey: string; apiVersion?: string }; oauth?: OAuthAccount },
  options: { clock: Clock; nonce?: () => string; dispatcher?: Dispatcher },
): HeaderSigner | undefined {
  const missing = (what: string) => new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: `credentials.${what}`, reason: `the ${kind} header signing needs it` } });
  switch (kind) {
    case 'paas': {
      const paas = credentials.paas;
      if (!paas) throw missing('paas');
      const nonce = options.nonce ?? randomUUID;
      return { headers: async () => paasHeaders(paas, options.clock(), nonce()) };
    }
    case 'hmac': {
      const hmac = credentials.hmac;
      if (!hmac) throw missing('hmac');
      return { headers: async (infno) => hmacHeaders(hmac, infno, options.clock()) };
    }
    case 'oauth': {
      if (!credentials.oauth) throw missing('oauth');
      return new OAuthTokenSource(credentials.oauth, { clock: options.clock, ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) });
    }
    default:
      return undefined;
  }
}
