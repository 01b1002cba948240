/**
 * Waiting until a simulator fault fired: a fault set `times: 1` is gone from
 * `GET /admin/faults` once its message reached the gateway, so a test that
 * must act while that message is in flight (a cancel, a kill) knows it left.
 */
import { simAdminJson } from '../../src/sim/admin-client.js';

export async function faultFired(simUrl: string, infno: string, auth: { token?: string; dir?: string } = {}): Promise<void> {
  for (const until = Date.now() + 15_000; ; ) {
    const { body } = await simAdminJson<Array<{ infno: string }>>(`${simUrl}/admin/faults`, {}, auth);
    if (!body.some((f) => f.infno === infno)) return;
    if (Date.now() > until) throw new Error(`the ${infno} fault never fired: its message never reached the gateway`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
