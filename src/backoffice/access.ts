/**
 * Who may read the page and call the API: anyone on loopback when no token
 * is configured (the back office then listens on loopback only); with a
 * token, a request must carry it (`Authorization: Bearer T`, or `?token=T`
 * for the page in a browser). Pushes are authenticated by the till's
 * signature instead.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { BackofficeError } from './errors.js';

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Refuses to listen beyond loopback without a token. */
export function checkBinding(host: string, token: string | undefined): void {
  if (!isLoopback(host) && (token === undefined || token.length < 16)) {
    throw new BackofficeError('BACKOFFICE_NOT_LOOPBACK', { details: { host, reason: 'set a token of 16 characters or more' } });
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the request may read: no token configured, or it carries the token. */
export function allowed(req: IncomingMessage, url: URL, token: string | undefined): boolean {
  if (token === undefined) return true;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ') && same(auth.slice(7), token)) return true;
  const q = url.searchParams.get('token');
  return q !== null && same(q, token);
}
