import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvKey } from '../../src/sim/env.js';
import { issue, running, type Running } from './helpers/terminal.js';

let r: Running;
beforeEach(async () => {
  r = await running();
});
afterEach(async () => {
  await r.sim.close();
});

const post = (body: string | Uint8Array, headers: Record<string, string>) =>
  fetch(`${r.sim.url}/trans`, { method: 'POST', headers, body: typeof body === 'string' ? body : Buffer.from(body) });

describe('refused before parsing', () => {
  it('401: unsigned, badly signed, unknown key, signature over other bytes', async () => {
    const before = r.sim.dump();
    const body = JSON.stringify(r.term.envelope('2101', {}));
    const ct = { 'content-type': 'application/json; charset=utf-8' };
    expect((await post(body, ct)).status).toBe(401);
    expect((await post(body, { ...ct, 'x-yb-signature': 'garbage' })).status).toBe(401);
    const other = await r.term.sign(new TextEncoder().encode(`${body} `));
    expect((await post(body, { ...ct, 'x-yb-signature': other })).status).toBe(401);
    const foreign = { ...(await readEnvKey(r.env.dir, 'issuer', 'private')), kid: 'stranger' };
    const sig = await r.term.sign(new TextEncoder().encode(body), foreign);
    expect((await post(body, { ...ct, 'x-yb-signature': sig })).status).toBe(401);
    // Right kid, wrong key.
    const forged = await r.term.sign(new TextEncoder().encode(body), { ...foreign, kid: r.env.settings.terminalKid });
    expect((await post(body, { ...ct, 'x-yb-signature': forged })).status).toBe(401);
    expect(r.sim.dump()).toBe(before);
  });

  it('415 for a wrong content type, 413 for a huge body, 405/404 elsewhere', async () => {
    const body = JSON.stringify(r.term.envelope('2101', {}));
    expect((await r.term.raw(body, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await r.term.raw(body, { 'content-type': 'application/json; charset=gbk' })).status).toBe(415);
    const huge = JSON.stringify(r.term.envelope('2101', { pad: 'x'.repeat(70 * 1024) }));
    expect((await r.term.raw(huge)).status).toBe(413);
    expect((await fetch(`${r.sim.url}/trans`)).status).toBe(405);
    expect((await fetch(`${r.sim.url}/nope`)).status).toBe(404);
  });

  it('400 with an infcode -1 answer for signed bytes that are not JSON', async () => {
    const a = await r.term.raw('{"infno": ');
    expect(a.status).toBe(400);
    expect(a.body).toMatchObject({ infcode: -1, err_code: 'BAD_REQUEST' });
    const b = await r.term.raw(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(b.status).toBe(400);
  });
});

describe('refused after parsing, with err_code, changing nothing', () => {
  const cases: Array<[string, (e: Record<string, unknown>) => unknown]> = [
    ['unknown infno', (e) => ({ ...e, infno: '7777' })],
    ['missing msgid', (e) => ({ ...e, msgid: undefined })],
    ['msgid of another pharmacy', (e) => ({ ...e, msgid: `P99999999999${String(e.msgid).slice(12)}` })],
    ['wrong type of input', (e) => ({ ...e, input: 'druginfo' })],
    ['array body', () => [1, 2]],
    ['bad inf_time', (e) => ({ ...e, inf_time: 'yesterday' })],
    ['missing druginfo', (e) => ({ ...e, input: {} })],
    ['negative amount', (e) => setTotal(e, '-1.00')],
    ['three decimals', (e) => setTotal(e, '1.001')],
    ['exponent', (e) => setTotal(e, '1e3')],
    ['lines do not add up', (e) => setTotal(e, '99.99')],
    ['fixmedins_code of another pharmacy', (e) => ({ ...e, fixmedins_code: 'P99999999999' })],
  ];

  function setTotal(e: Record<string, unknown>, total: string): unknown {
    const input = structuredClone(e.input) as { druginfo: Record<string, unknown> };
    input.druginfo.medfee_sumamt = total;
    return { ...e, input };
  }

  it.each(cases)('%s', async (_name, mutate) => {
    const emp = r.env.person('employee');
    const v = await issue(r.env.dir, r.clock(), emp.sub);
    const base = r.term.envelope('2101', r.term.drugInput(emp.psn_no, '310', v.text, 1000));
    const before = r.sim.dump();
    const a = await r.term.raw(JSON.stringify(mutate(base)));
    expect([200, 401]).toContain(a.status);
    expect(a.body.infcode).toBe(-1);
    expect(['BAD_REQUEST', 'SIGNATURE_INVALID']).toContain(a.body.err_code);
    expect(typeof a.body.err_msg).toBe('string');
    expect(r.sim.dump()).toBe(before);
  });
});

describe('fuzz', () => {
  it('random envelopes (signed, so they reach the parser) leave the ledger unchanged', async () => {
    const emp = r.env.person('employee');
    const v = await issue(r.env.dir, r.clock(), emp.sub);
    const valid = r.term.envelope('2102', r.term.drugInput(emp.psn_no, '310', v.text, 1000, { pinBlock: 'e30.e30.e30.e30.e30' }));
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const junk = (): unknown => {
      const pool: unknown[] = [null, true, -1, 0, 1e308, '', 'x'.repeat(rnd(300)), [], {}, [1, 'a'], { a: { b: 1 } }, '26.80', 26.8, '2102', '2601'];
      return pool[rnd(pool.length)];
    };
    const mutate = (value: unknown, depth: number): unknown => {
      if (depth > 4 || typeof value !== 'object' || value === null) return rnd(4) === 0 ? junk() : value;
      if (Array.isArray(value)) return value.map((x) => mutate(x, depth + 1));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(value)) {
        const roll = rnd(10);
        if (roll === 0) continue;
        out[roll === 1 ? `${k}_` : k] = roll === 2 ? junk() : mutate(x, depth + 1);
      }
      if (rnd(5) === 0) out[`extra${rnd(9)}`] = junk();
      return out;
    };
    const before = r.sim.dump();
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const env = mutate(valid, 0) as Record<string, unknown>;
      if (rnd(3) > 0) env.msgid = r.term.newMsgid();
      const text = rnd(20) === 0 ? JSON.stringify(env).slice(0, rnd(200)) : JSON.stringify(env);
      const a = await r.term.raw(text);
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      expect([200, 400, 401]).toContain(a.status);
      expect(a.body.infcode).toBe(-1);
      expect(typeof a.body.err_code).toBe('string');
    }
    // Refusals past validation (a bad PIN block is BAD_REQUEST too) store nothing that moves money.
    const moneyTables = (d: string) => (JSON.parse(d) as unknown[]).slice(0, 7);
    expect(moneyTables(r.sim.dump())).toEqual(moneyTables(before));
    expect(statuses.get(200)).toBeGreaterThan(0);
  });
});
