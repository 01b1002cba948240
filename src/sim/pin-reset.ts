/**
 * Resets a simulator person's PIN tries through the running simulator's admin
 * route, so a technician who locked a test person can go on
 * (`yibao-pos gateway reset-pin`).
 *
 * @module
 */

/** What `POST /admin/pin-reset` did: the person and how many of their credentials were reset. */
export interface PinResetResult {
  psnNo: string;
  reset: number;
}

/**
 * Resets the PIN tries (and lock) of every credential of a person.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @example
 * ```ts
 * import { resetPinTries } from 'yibao-pos/sim';
 * await resetPinTries({ url: 'http://127.0.0.1:8080', psnNo: '42010090000001' });
 * ```
 */
export async function resetPinTries(req: { url: string; psnNo: string; headers?: Record<string, string> }): Promise<PinResetResult> {
  const res = await fetch(`${req.url.replace(/\/+$/, '')}/admin/pin-reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...req.headers },
    body: JSON.stringify({ psn_no: req.psnNo }),
  });
  const body = (await res.json().catch(() => ({}))) as { reset?: unknown; error?: unknown };
  if (!res.ok || typeof body.reset !== 'number') throw new Error(typeof body.error === 'string' ? body.error : `the simulator answered HTTP ${res.status}`);
  return { psnNo: req.psnNo, reset: body.reset };
}
