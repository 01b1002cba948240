import { afterEach, beforeEach, expect, it } from 'vitest';
import { getJson, running, type Running } from './helpers/terminal.js';

let r: Running;
beforeEach(async () => {
  r = await running();
});
afterEach(async () => {
  await r.sim.close();
});

interface Booking {
  msgid: string;
  infno: string;
  state: string;
  totalFen: number;
  acctPayFen: number;
  acctMulaidPayFen: number;
  setl_id: string;
  mdtrt_id: string;
  psn_no: string;
}

it('after random sales, cancels and reversals, movements equal balance changes and 3201 balances', async () => {
  const accounts = async () =>
    new Map((await getJson<Array<{ psn_no: string; balanceFen: number }>>(`${r.sim.url}/admin/accounts`)).map((a) => [a.psn_no, a.balanceFen]));
  const start = await accounts();
  let seed = 4242;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const payers = ['employee', 'low-balance', 'resident', 'cross-region', 'family-member', 'mutual-aid-member'];
  const sales: Array<{ msgid: string; psn: string; setl?: { setl_id: string; mdtrt_id: string } }> = [];
  const cancels: string[] = [];
  for (let i = 0; i < 80; i++) {
    const roll = rnd(10);
    if (roll < 6 || sales.length === 0) {
      const c = payers[rnd(payers.length)]!;
      const p = r.env.person(c);
      const amount = 1 + rnd(9000);
      const opts =
        c === 'mutual-aid-member'
          ? { payer: r.env.person('mutual-aid-owner') }
          : c === 'family-member'
            ? { act: { sub: r.env.person('family-owner').sub } }
            : {};
      const a = await r.term.settle(p, amount, opts);
      expect(a.body.infcode).toBe(0);
      sales.push({ msgid: a.msgid, psn: p.psn_no, setl: (a.body.output as { setlinfo: { setl_id: string; mdtrt_id: string } }).setlinfo });
    } else if (roll < 8) {
      const s = sales[rnd(sales.length)]!;
      const a = await r.term.send('2103', { data: { psn_no: s.psn, setl_id: s.setl!.setl_id, mdtrt_id: s.setl!.mdtrt_id } });
      expect(['', 'ALREADY_CANCELLED']).toContain(a.body.err_code ?? '');
      if (a.body.infcode === 0) {
        const b = (await getJson<Booking[]>(`${r.sim.url}/admin/bookings`)).filter((x) => x.infno === '2103').at(-1)!;
        cancels.push(b.msgid);
      }
    } else {
      const fromCancels = cancels.length > 0 && rnd(2) === 0;
      const omsgid = fromCancels ? cancels[rnd(cancels.length)]! : sales[rnd(sales.length)]!.msgid;
      const a = await r.term.send('2601', { data: { psn_no: '', omsgid, oinfno: fromCancels ? '2103' : '2102' } });
      expect(a.body.infcode).toBe(0);
    }
    r.clock.advance(1000);
  }
  const end = await accounts();
  const movements = r.sim.dump();
  const moved = new Map<string, number>();
  for (const m of (JSON.parse(movements) as Array<Array<{ psn_no: string; amount_fen: number }>>)[2]!) {
    moved.set(m.psn_no, (moved.get(m.psn_no) ?? 0) + m.amount_fen);
  }
  for (const [psn, balance] of end) expect(balance - start.get(psn)!).toBe(moved.get(psn) ?? 0);
  for (const balance of end.values()) expect(balance).toBeGreaterThanOrEqual(0);

  const bookings = await getJson<Booking[]>(`${r.sim.url}/admin/bookings`);
  const live = bookings.filter((b) => b.infno === '2102' && b.state === 'booked');
  // Account debits of the live sales are exactly the total drop of the balances.
  const debited = live.reduce((s, b) => s + b.acctPayFen + b.acctMulaidPayFen, 0);
  const drop = [...start].reduce((s, [psn, b]) => s + b - end.get(psn)!, 0);
  expect(drop).toBe(debited);
  const totalFen = live.reduce((s, b) => s + b.totalFen, 0);
  const acctFen = live.reduce((s, b) => s + b.acctPayFen, 0);
  const yuan = (f: number) => `${Math.trunc(f / 100)}.${String(f % 100).padStart(2, '0')}`;
  const rec = await r.term.send('3201', {
    data: { stmt_begndate: '2026-11-22', stmt_enddate: '2026-11-23', medfee_sumamt: yuan(totalFen), acct_pay: yuan(acctFen), fixmedins_setl_cnt: live.length },
  });
  expect(rec.body.output).toMatchObject({ stmtinfo: { stmt_rslt: '0' }, medfee_sumamt: yuan(totalFen), acct_pay: yuan(acctFen), fixmedins_setl_cnt: live.length });
  expect(live.length).toBeGreaterThan(10);
  expect(bookings.some((b) => b.state === 'reversed')).toBe(true);
  expect(bookings.some((b) => b.state === 'cancelled')).toBe(true);
});
