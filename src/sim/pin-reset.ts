/**
 * Resets a simulator person's PIN tries through the running simulator's admin
 * route, so a technician who locked a test person can go on
 * (`yibao-pos gateway reset-pin`).
 *
 * @module
 */
import { simAdminJson } from './admin-client.js';

/**
 * What `POST /admin/pin-reset` did: the person and how many of their credentials were reset.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface PinResetResult {
  psnNo: string;
  reset: number;
}

/**
 * Resets the PIN tries (and lock) of every credential of a person.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param req The simulator's URL, the person's `psn_no`, and any headers its admin routes need.
 *
 * @example
 * ```ts
 * import { resetPinTries } from 'yibao-pos/sim';
 * await resetPinTries({ url: 'http://127.0.0.1:8080', psnNo: '42010090000001', dir }); // dir: its admin-token
 * ```
 */
export async function resetPinTries(req: { url: string; psnNo: string; headers?: Record<string, string>; dir?: string; adminToken?: string }): Promise<PinResetResult> {
  const auth = { ...(req.adminToken !== undefined ? { token: req.adminToken } : {}), ...(req.dir !== undefined ? { dir: req.dir } : {}) };
  const res = await simAdminJson<{ reset?: unknown; error?: unknown } | undefined>(
    `${req.url.replace(/\/+$/, '')}/admin/pin-reset`,
    { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: JSON.stringify({ psn_no: req.psnNo }) },
    auth,
  ).catch((err: unknown) => (err instanceof SyntaxError ? { status: 0, body: undefined } : Promise.reject(err)));
  const body = res.body ?? {};
  if (res.status !== 200 || typeof body.reset !== 'number') throw new Error(typeof body.error === 'string' ? body.error : `the simulator answered HTTP ${res.status}`);
  return { psnNo: req.psnNo, reset: body.reset };
}
