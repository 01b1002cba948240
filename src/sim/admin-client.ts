/**
 * The simulator's admin token and how callers present it. `/admin/*` and
 * `/notices` answer only a request that names the bound host, carries
 * `Authorization: Bearer <token>` and, with a body, `Content-Type:
 * application/json`. The token is made at the environment's first start and
 * kept in `DIR/admin-token` (0600), so the CLI and tests of the same user
 * find it; simulators started in this process are remembered by origin.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { envPaths } from './env.js';
import { readBoundedText } from '../lib/bounded-body.js';

const adminTokenFile = (dir: string): string => envPaths(dir).adminToken;

/** The environment's admin token, made (0600) when missing. */
export async function ensureAdminToken(dir: string): Promise<string> {
  const existing = await readAdminToken(dir).catch(() => undefined);
  if (existing) return existing;
  const token = randomBytes(24).toString('base64url');
  // 'wx': two simulators starting at once over one environment agree on the first token written.
  await writeFile(adminTokenFile(dir), `${token}\n`, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return readAdminToken(dir);
}

/**
 * The admin token of the environment in `dir` (what `gateway serve` printed).
 *
 * Exported from `yibao-pos/sim`.
 *
 * @example
 * ```ts
 * import { readAdminToken } from 'yibao-pos/sim';
 * const token = await readAdminToken(dir);
 * await fetch(`${url}/admin/accounts`, { headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export async function readAdminToken(dir: string): Promise<string> {
  const token = (await readFile(adminTokenFile(dir), 'utf8')).trim();
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) throw new Error(`${adminTokenFile(dir)} holds no admin token`);
  return token;
}

const known = new Map<string, string>();

/** Remembers (or forgets, with undefined) the token of a simulator started in this process. */
export function rememberAdminToken(url: string, token: string | undefined): void {
  const origin = new URL(url).origin;
  if (token === undefined) known.delete(origin);
  else known.set(origin, token);
}

/** Largest admin answer read (a long ledger's bookings). */
const MAX_ADMIN_ANSWER = 64 * 1024 * 1024;

/**
 * `fetch` for the simulator's admin and notice routes: adds the admin token
 * (given, read from `dir`, or that of a simulator started in this process at
 * that origin) and the JSON content type of a body.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @example
 * ```ts
 * import { simAdminFetch } from 'yibao-pos/sim';
 * const accounts = await (await simAdminFetch(`${sim.url}/admin/accounts`)).json();
 * await simAdminFetch(`${sim.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ infno: '2102', kind: '5xx' }) });
 * ```
 */
export async function simAdminFetch(url: string, init: RequestInit = {}, auth: { token?: string; dir?: string } = {}): Promise<Response> {
  const token = auth.token ?? (auth.dir !== undefined ? await readAdminToken(auth.dir) : known.get(new URL(url).origin));
  if (token === undefined) throw new Error(`no admin token known for ${new URL(url).origin}: pass { dir } or { token }`);
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (init.body !== undefined && init.body !== null && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return fetch(url, { ...init, headers });
}

/** `simAdminFetch` and the answer's JSON (read up to a bound). */
export async function simAdminJson<T>(url: string, init: RequestInit = {}, auth: { token?: string; dir?: string } = {}): Promise<{ status: number; body: T }> {
  const res = await simAdminFetch(url, init, auth);
  const text = await readBoundedText(res, MAX_ADMIN_ANSWER);
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}
