/**
 * The sale end to end through the CLI (`yibao-pos issue` and `yibao-pos
 * checkout`) against the gateway simulator on loopback, once per answer
 * profile: the simulator's own (with err_code, tries_left) and exactly the
 * shape real gateways send (national).
 */
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { faultFired } from '../helpers/faults.js';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { issueVoucher } from '../../src/sim/issuer/voucher.js';
import { PROFILES } from '../../src/sim/profile/index.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { DIST, runCli } from '../helpers/cli.js';

describe.each(PROFILES)('answer profile %s', (profile) => {
  let dir: string;
  let sim: Simulator;
  let persons: PersonCase[];
  const person = (c: string): PersonCase => {
    const p = persons.find((x) => x.case === c);
    if (!p) throw new Error(`no ${c}`);
    return p;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `yibao-checkout-${profile}-`));
    // Under `national` the whole wire is the platform's (gateway init --profile national), not only the answers.
    ({ persons } = await initEnvironment({ dir, ...(profile === 'national' ? { profile: 'national' as const } : {}) }));
    sim = await startSimulator({ dir, port: 0, profile });
  });
  afterAll(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await simAdminFetch(`${sim.url}/admin/faults`, { method: 'DELETE' });
  });

  async function code(p: PersonCase, extra: string[] = []): Promise<string> {
    const args = ['issue', '--dir', dir, '--sub', p.sub, '--reg', p.reg, '--nm', '张*三', ...(p.actSub ? ['--act-sub', p.actSub] : []), ...extra];
    const r = await runCli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout.trim();
  }

  interface Outcome {
    code: number | null;
    json: { ok: boolean; code?: string; message?: { zh: string; en: string }; receipt?: Record<string, unknown>; pendingReversals?: unknown[] };
    stderr: string;
  }

  async function checkout(args: string[], pins: string[]): Promise<Outcome> {
    const r = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--pin-stdin', '--json', ...args], { input: pins.map((p) => `${p}\n`).join('') });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    let json: Outcome['json'];
    try {
      json = JSON.parse(line) as Outcome['json'];
    } catch {
      throw new Error(`no JSON on stdout (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
    }
    return { code: r.code, json, stderr: r.stderr };
  }

  const balances = async () => (await (await simAdminFetch(`${sim.url}/admin/accounts`)).json()) as Array<{ psn_no: string; balanceFen: number }>;
  const balanceOf = async (p: PersonCase) => (await balances()).find((a) => a.psn_no === p.psn_no)?.balanceFen;

  // Tests that never reach the gateway's answers (or only its refusals before a sale) run under one profile.
  const onceIt = (profile === 'extended' ? it : () => undefined) as typeof it;

  describe('yibao-pos checkout', () => {
    it('settles a plain sale from the personal account and prints the receipt', async () => {
      const p = person('employee');
      const before = await balanceOf(p);
      const r = await checkout(['--voucher', await code(p), '--item', 'XJ01CRA045A001010100001:2:13.40', '--item', 'XR05XAF122B002010100002:1:5.80'], [p.pin]);
      expect(r.code).toBe(0);
      expect(r.json.ok).toBe(true);
      const receipt = r.json.receipt!;
      expect(receipt.totalFen).toBe(3260);
      expect(receipt.acctPayFen).toBe(3260);
      expect(receipt.cashFen).toBe(0);
      expect(receipt.balanceAfterFen).toBe(before! - 3260);
      expect(await balanceOf(p)).toBe(before! - 3260);
    });

    onceIt('prints a fixed-width receipt without --json', async () => {
      const p = person('employee');
      const r = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--pin-stdin', '--voucher', await code(p), '--amount', '8.80'], { input: `${p.pin}\n` });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('个人账户支付');
      expect(r.stdout).toMatch(/合计 +8\.80/);
      expect(r.stderr).toContain('结算成功 / paid');
    });

    it('sells part packs (拆零) at decimal quantities and six-decimal prices, rounded half up to the fen', async () => {
      const p = person('employee');
      const before = (await balanceOf(p))!;
      // 10 tablets at 13.40/24 = 0.558333 each: 5.58333 → 5.58; 0.5 box at 13.45: 6.725 → 6.73.
      const r = await checkout(['--voucher', await code(p), '--item', 'XJ01CRA045A001010100001:10:0.558333', '--item', 'XR05XAF122B002010100002:0.5:13.45'], [p.pin]);
      expect(r.code).toBe(0);
      expect(r.json.receipt!.totalFen).toBe(558 + 673);
      expect(r.json.receipt!.items).toEqual([
        { code: 'XJ01CRA045A001010100001', qty: 10, price: '0.558333' },
        { code: 'XR05XAF122B002010100002', qty: '0.5', priceFen: 1345 },
      ]);
      expect(await balanceOf(p)).toBe(before - 1231);
      const text = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--pin-stdin', '--voucher', await code(p), '--item', 'XR05XAF122B002010100002:0.5:13.45'], { input: `${p.pin}\n` });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('拆零');
      expect(text.stdout).toMatch(/0\.5 x 13\.45 +6\.73/);
    });

    it('lets the account pay what it can and the rest is cash', async () => {
      const p = person('low-balance');
      const before = (await balanceOf(p))!;
      const r = await checkout(['--voucher', await code(p), '--amount', '50.00'], [p.pin]);
      expect(r.code).toBe(0);
      expect(r.json.receipt!.acctPayFen).toBe(before);
      expect(r.json.receipt!.cashFen).toBe(5000 - before);
      expect(await balanceOf(p)).toBe(0);
    });

    it('takes cash only for a resident without a personal account', async () => {
      const p = person('resident');
      const r = await checkout(['--voucher', await code(p), '--amount', '12.00'], [p.pin]);
      expect(r.code).toBe(0);
      expect(r.json.receipt!.acctPayFen).toBe(0);
      expect(r.json.receipt!.cashFen).toBe(1200);
    });

    it('refuses frozen credentials offline and online', async () => {
      const offline = await checkout(['--voucher', await code(person('frozen-offline')), '--amount', '1.00'], ['000000']);
      expect(offline.code).toBe(1);
      expect(offline.json.code).toBe('VOUCHER_FROZEN');
      const online = await checkout(['--voucher', await code(person('frozen-online')), '--amount', '1.00'], [person('frozen-online').pin]);
      expect(online.code).toBe(1);
      expect(online.json.code).toBe('GATEWAY_CREDENTIAL_FROZEN');
      expect(online.json.message!.zh).toContain('解冻');
    });

    it('refuses a person not enrolled', async () => {
      const r = await checkout(['--voucher', await code(person('not-enrolled')), '--amount', '1.00'], [person('not-enrolled').pin]);
      expect(r.code).toBe(1);
      expect(r.json.code).toBe('GATEWAY_NOT_ENROLLED');
    });

    onceIt('refuses an expired code, a replayed code and an id code used to pay', async () => {
      const p = person('employee');
      const issuerKey = JSON.parse(await readFile(join(dir, 'keys', 'issuer.private.jwk'), 'utf8'));
      const { issuerId } = JSON.parse(await readFile(join(dir, 'env.json'), 'utf8'));
      const stale = await issueVoucher({ key: issuerKey, iss: issuerId, sub: p.sub, reg: p.reg, iat: Math.floor(Date.now() / 1000) - 600 });
      const old = await checkout(['--voucher', stale, '--amount', '1.00'], [p.pin]);
      expect(old.code).toBe(1);
      expect(old.json.code).toBe('VOUCHER_EXPIRED');
      const fresh = await code(p);
      expect((await checkout(['--voucher', fresh, '--amount', '1.00'], [p.pin])).code).toBe(0);
      const again = await checkout(['--voucher', fresh, '--amount', '1.00'], [p.pin]);
      expect(again.code).toBe(1);
      expect(again.json.code).toBe('VOUCHER_REPLAYED');
      const id = await checkout(['--voucher', await code(p, ['--use', 'id']), '--amount', '1.00'], [p.pin]);
      expect(id.json.code).toBe('VOUCHER_WRONG_USE');
      // Four runs of the CLI: more time than one.
    }, 60_000);

    it('asks again after a wrong PIN, then settles with the right one', async () => {
      const p = person('employee');
      const r = await checkout(['--voucher', await code(p), '--amount', '2.00'], ['999999', p.pin]);
      expect(r.code).toBe(0);
      expect(r.json.receipt!.acctPayFen).toBe(200);
    });

    it('ends the sale when the PIN locks, and books nothing', async () => {
      const p = person('pin-lock');
      const before = await balanceOf(p);
      const wrong = p.pin === '999999' ? '888888' : '999999';
      const r = await checkout(['--voucher', await code(p), '--amount', '2.00'], [wrong, wrong, wrong]);
      expect(r.code).toBe(1);
      expect(r.json.code).toBe('GATEWAY_PIN_LOCKED');
      expect(await balanceOf(p)).toBe(before);
      await simAdminFetch(`${sim.url}/admin/pin-reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ psn_no: p.psn_no }) });
    });

    it("settles mutual aid from the payer's account with the payer's PIN", async () => {
      const member = person('mutual-aid-member');
      const owner = person('mutual-aid-owner');
      const before = (await balanceOf(owner))!;
      const r = await checkout(['--voucher', await code(member), '--payer-voucher', await code(owner), '--amount', '30.00'], [owner.pin]);
      expect(r.code).toBe(0);
      const receipt = r.json.receipt as { acctMulaidPayFen: number; payer: { sub: string } };
      expect(receipt.payer.sub).toBe(owner.sub);
      expect(receipt.acctMulaidPayFen + (r.json.receipt!.acctPayFen as number)).toBe(3000);
      expect(await balanceOf(owner)).toBe(before - receipt.acctMulaidPayFen);
    });

    it('refuses mutual aid from a payer who has not bound the patient', async () => {
      const r = await checkout(['--voucher', await code(person('mutual-aid-member')), '--payer-voucher', await code(person('unbound-payer')), '--amount', '3.00'], [person('unbound-payer').pin]);
      expect(r.code).toBe(1);
      expect(r.json.code).toBe('GATEWAY_NO_MUTUAL_AID_BINDING');
    });

    it('names the guardian on a family-account sale', async () => {
      const member = person('family-member');
      const r = await checkout(['--voucher', await code(member), '--amount', '4.00'], [member.pin]);
      expect(r.code).toBe(0);
      expect((r.json.receipt as { guardian: { sub: string } }).guardian.sub).toBe(member.actSub);
    });

    it('settles a cross-region (异地) sale with the insured region', async () => {
      const p = person('cross-region');
      const r = await checkout(['--voucher', await code(p), '--amount', '5.00'], [p.pin]);
      expect(r.code).toBe(0);
      expect(r.json.receipt!.crossRegion).toBe(true);
      expect(r.json.receipt!.insuredRegion).toBe(p.reg);
    });

    onceIt('cancels at the PIN pad before anything is sent', async () => {
      const p = person('employee');
      const before = await balanceOf(p);
      const r = await checkout(['--voucher', await code(p), '--amount', '6.00'], ['CANCEL']);
      expect(r.code).toBe(1);
      expect(r.json.code).toBe('PIN_CANCELLED');
      expect(await balanceOf(p)).toBe(before);
    });

    it('reverses a settlement the cashier cancels while it is in flight (Ctrl+C)', async () => {
      const p = person('employee');
      const before = await balanceOf(p);
      await simAdminFetch(`${sim.url}/admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ infno: '2102', kind: 'delay', delayMs: 3000 }) });
      const child = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), 'checkout', '--dir', dir, '--gateway', sim.url, '--pin-stdin', '--voucher', await code(p), '--amount', '7.00'], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.end(`${p.pin}\n`);
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // Ctrl+C once the 2102 is in flight: the journal shows its synced intent (kept until the answer).
      const journal = join(dir, 'terminal', 'journal.db');
      for (let i = 0; i < 200; i++) {
        const list = await runCli(['journal', 'list', '--journal', journal, '--state', 'intent', '--json']);
        if (list.code === 0 && (JSON.parse(list.stdout) as unknown[]).length > 0) break;
      }
      await faultFired(sim.url, '2102'); // and it left: the gateway has it (its delay fault fired)
      child.kill('SIGINT');
      const exit = await new Promise<number | null>((done) => child.on('close', done));
      expect(exit).toBe(1);
      expect(stderr).toContain('NOT paid, reversal pending');
      // The delayed 2102 may book after the reversal arrived: the reversal voids it either way.
      await simAdminFetch(`${sim.url}/admin/faults`, { method: 'DELETE' });
      const bookings = (await (await simAdminFetch(`${sim.url}/admin/bookings`)).json()) as Array<{ psn_no: string; state: string; totalFen: number }>;
      expect(bookings.filter((b) => b.psn_no === p.psn_no && b.state === 'booked' && b.totalFen === 700)).toHaveLength(0);
      expect(await balanceOf(p)).toBe(before);
    });

    onceIt('reports the gateway down as not charged', async () => {
      const p = person('employee');
      const r = await runCli(['checkout', '--dir', dir, '--gateway', 'http://127.0.0.1:9', '--pin-stdin', '--json', '--voucher', await code(p), '--amount', '1.00'], { input: `${p.pin}\n` });
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout.trim()).code).toBe('GATEWAY_UNREACHABLE');
    });

    onceIt('takes the voucher and the PIN from stdin, and leaves the PIN nowhere', async () => {
      const p = person('employee');
      const r = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--stdin', '--pin-stdin', '--json', '--amount', '3.30'], { input: `${await code(p)}\n${p.pin}\n` });
      expect(r.code).toBe(0);
      const journal = await readFile(join(dir, 'terminal', 'journal.db'));
      expect(journal.includes(Buffer.from(p.pin))).toBe(false);
      expect(r.stdout.includes(p.pin)).toBe(false);
      expect(r.stderr.includes(p.pin)).toBe(false);
    });

    onceIt('--stdin: item lines go through the scanner to the sale (trace codes tag items, unpriced codes are reported), then the voucher, then the PIN', async () => {
      const p = person('employee');
      const trace = '81234567890123456789';
      const input = ['XJ01CRA045A001010100001', '', trace, '6900000000001', await code(p), p.pin, ''].join('\n');
      const r = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--stdin', '--pin-stdin', '--item', 'XJ01CRA045A001010100001:2:13.40:L2301:2025-01-15:2027-01-14'], { input });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('商品 6900000000001 未定价');
      expect(r.stderr).not.toContain('XJ01CRA045A001010100001 未定价');
      expect(r.stdout).toMatch(/合计 +26\.80/);
      // A box's code is sold once (the gateway refuses it under a second sale): the next sale scans another box.
      const trace2 = '81234567890123456790';
      const json = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--stdin', '--pin-stdin', '--json', '--item', 'XJ01CRA045A001010100001:1:2.00:L2301:2025-01-15:2027-01-14'], { input: `${trace2}\n${await code(p)}\n${p.pin}\n` });
      expect(json.code, json.stderr).toBe(0);
      const items = (JSON.parse(json.stdout.trim()) as { receipt: { items: Array<{ code: string; traceCode?: string }> } }).receipt.items;
      expect(items).toEqual([expect.objectContaining({ code: 'XJ01CRA045A001010100001', traceCode: trace2 })]);
    });

    onceIt('--stdin --mutual-aid: the second voucher line is the payer; the PIN line after it is not taken as a scan', async () => {
      const patient = person('mutual-aid-member');
      const payer = person('mutual-aid-owner');
      const ok = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--stdin', '--pin-stdin', '--json', '--mutual-aid', '--amount', '4.00'], {
        input: `${await code(patient)}\n${await code(payer)}\n${payer.pin}\n`,
      });
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect((JSON.parse(ok.stdout.trim()) as { receipt: { payer?: { sub: string } } }).receipt.payer?.sub).toBe(payer.sub);
      // The payer's voucher on the command line: the line after the patient's voucher is the PIN, never a scan.
      const given = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--stdin', '--pin-stdin', '--payer-voucher', await code(payer), '--amount', '2.00'], {
        input: `${await code(patient)}\n${payer.pin}\n`,
      });
      expect(given.code, given.stderr).toBe(0);
      expect(given.stderr.includes(payer.pin)).toBe(false);
    });

    onceIt('--stdin: input that ends before a voucher is a usage error (exit 2) and uses up nothing', async () => {
      const r = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--stdin', '--pin-stdin', '--amount', '1.00'], { input: 'XJ01CRA045A001010100001\n' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--stdin: input ended before a voucher');
    });

    onceIt('refuses bad usage with exit 2', async () => {
      expect((await runCli(['checkout', '--dir', dir])).code).toBe(2);
      expect((await runCli(['checkout', '--dir', dir, '--voucher', 'x', '--item', 'A:zero:1'])).code).toBe(2);
      expect((await runCli(['checkout', '--dir', join(dir, 'nope'), '--voucher', 'x', '--pin-stdin'])).code).toBe(2);
      // No PIN source and stdin not a terminal: refused before any code is used.
      const noPin = await runCli(['checkout', '--dir', dir, '--gateway', sim.url, '--voucher', await code(person('employee')), '--amount', '1.00']);
      expect(noPin.code).toBe(2);
      expect(noPin.stderr).toContain('--pin-stdin');
    });
  });
});
