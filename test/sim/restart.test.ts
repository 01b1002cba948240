import { expect, it } from 'vitest';
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import { startSimulator } from '../../src/sim/server.js';
import { getJson, issue, running, TestTerminal } from './helpers/terminal.js';

it('a booking and its stored answer survive a restart: the resend after it books nothing twice', async () => {
  const r = await running();
  const emp = r.env.person('employee');
  const v = await issue(r.env.dir, r.clock(), emp.sub);
  const msgid = r.term.newMsgid();
  const pinBlock = await sealPinBlock(emp.pin, { jti: v.jti, msgid, amountFen: 4321, pinKey: await readEnvKey(r.env.dir, 'pin', 'public'), now: r.clock() });
  const text = JSON.stringify(r.term.envelope('2102', r.term.drugInput(emp.psn_no, '310', v.text, 4321, { pinBlock }), { msgid }));
  await simAdminFetch(`${r.sim.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ infno: '2102', kind: 'drop-after-commit' }) });
  await expect(r.term.raw(text)).rejects.toThrow();
  await r.sim.close();

  const sim = await startSimulator({ dir: r.env.dir, clock: r.clock });
  try {
    const term = new TestTerminal(sim.url, r.env, r.clock, r.term.terminalJwk);
    const again = await term.raw(text);
    expect(again.body).toMatchObject({ infcode: 0, output: { setlinfo: { acct_pay: '43.21', balc: '456.79' } } });
    const bookings = await getJson<Array<{ msgid: string }>>(`${sim.url}/admin/bookings`);
    expect(bookings.map((b) => b.msgid)).toEqual([msgid]);
    const accounts = await getJson<Array<{ psn_no: string; balanceFen: number }>>(`${sim.url}/admin/accounts`);
    expect(accounts.find((a) => a.psn_no === emp.psn_no)!.balanceFen).toBe(50000 - 4321);
  } finally {
    await sim.close();
  }
});
