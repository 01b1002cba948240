/**
 * A hostile or broken gateway, reproduced: a loopback proxy in front of the
 * real simulator rewrites its 2102 answer. Each rewrite is refused (its own
 * code), the sale is reversed at once (2601 through the same proxy), the
 * person's account is as it was, and the journal keeps why.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../src/gateway/client.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import { manualClock } from '../../src/lib/clock.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { getJson, issue, makeEnv, T0, type Env } from '../sim/helpers/terminal.js';

type Setlinfo = Record<string, unknown>;

/** Forwards every request to `target`; a 2102 success answer goes through `rewrite` first. */
function rewritingProxy(target: string, rewrite: (s: Setlinfo) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const infno = (JSON.parse(body.toString('utf8')) as { infno?: string }).infno;
      const up = request(`${target}${req.url ?? ''}`, { method: req.method, headers: req.headers }, (answer) => {
        const back: Buffer[] = [];
        answer.on('data', (c: Buffer) => back.push(c));
        answer.on('end', () => {
          let text = Buffer.concat(back);
          const parsed = JSON.parse(text.toString('utf8')) as { infcode?: unknown; output?: { setlinfo?: Setlinfo } };
          if (infno === '2102' && parsed.infcode === 0 && parsed.output?.setlinfo) {
            rewrite(parsed.output.setlinfo);
            text = Buffer.from(JSON.stringify(parsed), 'utf8');
          }
          res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json; charset=utf-8', 'content-length': text.length });
          res.end(text);
        });
      });
      up.end(body);
    });
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

let clock: ReturnType<typeof manualClock>;
let env: Env;
let sim: Simulator;
let proxy: Server | undefined;
let client: GatewayClient | undefined;
let journal: SettlementJournal | undefined;

beforeEach(async () => {
  clock = manualClock(T0);
  env = await makeEnv(clock);
  sim = await startSimulator({ dir: env.dir, clock });
});
afterEach(async () => {
  await journal?.close();
  await client?.close();
  await new Promise((done) => (proxy ? proxy.close(done) : done(undefined)));
  await sim.close();
});

const balanceOf = async (psnNo: string) => (await getJson<Array<{ psn_no: string; balanceFen: number }>>(`${sim.url}/admin/accounts`)).find((a) => a.psn_no === psnNo)?.balanceFen;
const bookings = () => getJson<Array<{ msgid: string; infno: string; state: string }>>(`${sim.url}/admin/bookings`);

describe('a 2102 answer rewritten on the way back', () => {
  it.each([
    ['total 0.01 on a 26.80 sale', (s: Setlinfo) => Object.assign(s, { medfee_sumamt: '0.01', acct_pay: '0.01', psn_cash_pay: '0.00' }), 'GATEWAY_ANSWER_TOTAL_MISMATCH'],
    ['acct_pay 999.99 on a 26.80 sale', (s: Setlinfo) => Object.assign(s, { acct_pay: '999.99' }), 'GATEWAY_ANSWER_PARTS_MISMATCH'],
    ['the psn_no of another person', (s: Setlinfo) => Object.assign(s, { psn_no: env.person('resident').psn_no }), 'GATEWAY_ANSWER_PERSON_MISMATCH'],
  ])('%s: refused, reversed, the account unchanged, the journal says why', async (_name, rewrite, code) => {
    const p = await rewritingProxy(sim.url, rewrite);
    proxy = p.server;
    journal = await SettlementJournal.open(join(await mkdtemp(join(tmpdir(), 'answer-proxy-')), 'terminal.db'), { clock });
    client = await createGatewayClientFromEnv(env.dir, { url: p.url, clock, timeoutMs: 3000, sequence: journal.sequence() });
    await journal.recover(client);
    const emp = env.person('employee');
    const before = await balanceOf(emp.psn_no);
    const msgid = client.newMsgid();
    const v = await issue(env.dir, clock(), emp.sub, { reg: emp.reg });
    const pinBlock = await sealPinBlock(emp.pin, { jti: v.jti, msgid, amountFen: 2680, pinKey: await readEnvKey(env.dir, 'pin', 'public'), now: clock() });
    const req = { voucherText: v.text, psnNo: emp.psn_no, insutype: emp.insutype, insuplcAdmdvs: emp.reg, items: [{ code: 'XA01AAA001', qty: 1, priceFen: 2680 }], totalFen: 2680, pinBlock };

    const err = await journal.settle(client, req, { msgid, jti: v.jti }).catch((e: unknown) => e);
    // Not paid: the cashier is told so, and the reversal is done.
    expect(err).toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN', outcome: 'unknown', details: { msgid, amountFen: 2680, reversal: 'done' } });
    expect((err as { cause?: { code?: string } }).cause?.code).toBe(code);
    // The journal keeps why.
    expect(journal.get(msgid)).toMatchObject({ state: 'reversed', errorCode: code });
    expect(journal.list({ infno: '2601' })).toMatchObject([{ omsgid: msgid, state: 'booked' }]);
    // The gateway had booked it; the reversal undid it, and the money is back.
    expect((await bookings()).filter((b) => b.infno === '2102')).toMatchObject([{ msgid, state: 'reversed' }]);
    expect(await balanceOf(emp.psn_no)).toBe(before);
  });
});
