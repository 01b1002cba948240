/**
 * The wallet side of a national voucher code: the platform issues it (the
 * simulator's loopback admin route), the wallet shows it. Unlike a `YBV1:`
 * voucher it carries nothing the terminal can check; only the platform can
 * decode it (1162).
 *
 * @module
 */
import { simAdminJson } from '../admin-client.js';

/**
 * What the wallet asks the platform for: a national voucher code for `sub`.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface NationalCodeRequest {
  /** The simulator's base URL. */
  url: string;
  sub: string;
  ttlSec?: number;
  actSub?: string;
  chn?: string;
  /** The simulator's admin token, or the environment folder holding it (default: a simulator started in this process). */
  adminToken?: string;
  dir?: string;
}

/**
 * Has the simulator's platform issue a national voucher code (28 digits) for a person, as a wallet would.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param req The simulator's URL, the person's `sub`, optionally the code's lifetime, the family owner and the channel.
 * @example
 * ```ts
 * import { drawNationalCode } from 'yibao-pos/sim';
 * const { code } = await drawNationalCode({ url: sim.url, sub: person.sub });
 * ```
 */
export async function drawNationalCode(req: NationalCodeRequest): Promise<{ code: string; expiresAt: number }> {
  const auth = { ...(req.adminToken !== undefined ? { token: req.adminToken } : {}), ...(req.dir !== undefined ? { dir: req.dir } : {}) };
  const res = await simAdminJson<{ code?: unknown; expiresAt?: unknown; error?: unknown } | undefined>(
    `${req.url.replace(/\/+$/, '')}/admin/ec-codes`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: req.sub, ...(req.ttlSec !== undefined ? { ttl: req.ttlSec } : {}), ...(req.actSub ? { act_sub: req.actSub } : {}), ...(req.chn ? { chn: req.chn } : {}) }),
    },
    auth,
  ).catch((err: unknown) => (err instanceof SyntaxError ? { status: 0, body: undefined } : Promise.reject(err)));
  const body = res.body ?? {};
  if (res.status !== 200 || typeof body.code !== 'string' || typeof body.expiresAt !== 'number') {
    throw new Error(typeof body.error === 'string' ? body.error : `the platform answered HTTP ${res.status}`);
  }
  return { code: body.code, expiresAt: body.expiresAt };
}
