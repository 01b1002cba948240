/**
 * The simulator checks its own trust list's expiry on every message, not
 * only at start: once it has expired, every voucher is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import type { GatewayClient } from '../../src/gateway/client.js';
import { issue, makeEnv, T0 } from './helpers/terminal.js';

let sim: Simulator | undefined;
let client: GatewayClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

describe('simulator trust list expiry', () => {
  it('accepts vouchers while its list is valid and refuses them once it has expired', async () => {
    const clock = manualClock(T0);
    const env = await makeEnv(clock);
    sim = await startSimulator({ dir: env.dir, clock });
    client = await createGatewayClientFromEnv(env.dir, { url: sim.url, clock });
    const p = env.person('employee');
    const before = await issue(env.dir, clock(), p.sub, { reg: p.reg });
    await expect(client.personInfo(before.text, p.reg)).resolves.toMatchObject({ psnNo: p.psn_no });
    // `gateway init` signs a list valid for 30 days.
    clock.advance(31 * 86400 * 1000);
    const after = await issue(env.dir, clock(), p.sub, { reg: p.reg });
    await expect(client.personInfo(after.text, p.reg)).rejects.toMatchObject({ code: 'GATEWAY_VOUCHER_INVALID' });
  });
});
