/**
 * National voucher codes end to end: `yibao-pos issue --format national`
 * draws a numeric code at the simulator, `yibao-pos checkout` decodes it
 * online (1162) and sells with its ecToken; the platform enforces single use.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PersonCase } from '../../src/sim/init.js';
import { runCli } from '../helpers/cli.js';
import { admin, balanceOf, checkoutJson, startSimCli, type SimCli } from '../helpers/sim-cli.js';

let env: SimCli;
beforeAll(async () => {
  env = await startSimCli('yibao-national-');
});
afterAll(async () => {
  await env.close();
});
beforeEach(async () => {
  await admin(env, 'DELETE', '/admin/faults');
});

async function nationalCode(p: PersonCase, extra: string[] = []): Promise<string> {
  const r = await runCli(['issue', '--format', 'national', '--dir', env.dir, '--gateway', env.sim.url, '--sub', p.sub, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

// Several CLI processes per test: generous on a loaded machine.
describe('national voucher codes', { timeout: 60_000 }, () => {
  it('draws a 28-digit code ending in the insured region', async () => {
    const p = env.person('cross-region');
    const code = await nationalCode(p);
    expect(code).toMatch(/^\d{28}$/);
    expect(code.slice(-6)).toBe(p.reg);
  });

  it('refuses to draw a code without a platform, or for an unknown credential (exit 2)', async () => {
    const noUrl = await runCli(['issue', '--format', 'national', '--sub', env.person('employee').sub]);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--gateway');
    const unknown = await runCli(['issue', '--format', 'national', '--gateway', env.sim.url, '--sub', 'NOBODY'], { env: { YIBAO_SIM_ADMIN_TOKEN: env.sim.adminToken } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown sub');
    expect((await runCli(['issue', '--format', 'qr', '--dir', env.dir, '--sub', 'X'])).code).toBe(2);
  });

  it('sells with a national code verified online, and the cashier sees which path verified it', async () => {
    const p = env.person('employee');
    const before = (await balanceOf(env, p))!;
    const code = await nationalCode(p);
    const r = await checkoutJson(env, ['--voucher', code, '--amount', '12.30'], [p.pin]);
    expect(r.code).toBe(0);
    expect(r.json.receipt!.verifiedBy).toBe('online');
    expect(r.json.receipt!.acctPayFen).toBe(1230);
    expect(await balanceOf(env, p)).toBe(before - 1230);
    // The platform's bookkeeping: one booked sale, by the patient.
    const bookings = await admin<Array<{ psn_no: string; state: string; totalFen: number }>>(env, 'GET', '/admin/bookings');
    expect(bookings.filter((b) => b.psn_no === p.psn_no && b.totalFen === 1230 && b.state === 'booked')).toHaveLength(1);
  });

  it('shows the path on the cashier screen and on the printed receipt', async () => {
    const p = env.person('employee');
    const online = await runCli(['checkout', '--dir', env.dir, '--gateway', env.sim.url, '--pin-stdin', '--voucher', await nationalCode(p), '--amount', '1.10'], { input: `${p.pin}\n` });
    expect(online.code).toBe(0);
    expect(online.stderr).toContain('在线核验 verified online');
    expect(online.stdout).toContain('医保平台在线解码');
    const offline = await runCli(['issue', '--dir', env.dir, '--sub', p.sub, '--reg', p.reg]);
    const jws = await runCli(['checkout', '--dir', env.dir, '--gateway', env.sim.url, '--pin-stdin', '--voucher', offline.stdout.trim(), '--amount', '1.10'], { input: `${p.pin}\n` });
    expect(jws.code).toBe(0);
    expect(jws.stderr).toContain('离线核验 verified offline');
    expect(jws.stdout).not.toContain('医保平台在线解码');
  });

  it('refuses the same code a second time (the platform enforces single use), charging nothing', async () => {
    const p = env.person('employee');
    const code = await nationalCode(p);
    expect((await checkoutJson(env, ['--voucher', code, '--amount', '1.00'], [p.pin])).code).toBe(0);
    const before = await balanceOf(env, p);
    const again = await checkoutJson(env, ['--voucher', code, '--amount', '1.00'], [p.pin]);
    expect(again.code).toBe(1);
    expect(again.json.code).toBe('GATEWAY_VOUCHER_REPLAYED');
    expect(await balanceOf(env, p)).toBe(before);
  });

  it('refuses a code the platform never issued', async () => {
    const r = await checkoutJson(env, ['--voucher', '1234567890123456789012420100', '--amount', '1.00'], ['000000']);
    expect(r.code).toBe(1);
    expect(r.json.code).toBe('GATEWAY_VOUCHER_INVALID');
  });

  it('takes a scanned national code as the voucher, never as an item', async () => {
    const p = env.person('employee');
    const code = await nationalCode(p);
    const r = await checkoutJson(env, ['--stdin', '--item', '6901234567892:1:4.50'], ['6901234567892', code, p.pin]);
    expect(r.code).toBe(0);
    expect(r.json.receipt!.verifiedBy).toBe('online');
    expect(r.json.receipt!.totalFen).toBe(450);
    expect((r.json.receipt!.items as Array<{ code: string }>).map((i) => i.code)).toEqual(['6901234567892']);
    expect(r.stderr).not.toContain(code);
  });

  it("settles mutual aid with national codes for both, from the payer's account with the payer's PIN", async () => {
    const member = env.person('mutual-aid-member');
    const owner = env.person('mutual-aid-owner');
    const before = (await balanceOf(env, owner))!;
    const r = await checkoutJson(env, ['--voucher', await nationalCode(member), '--payer-voucher', await nationalCode(owner), '--amount', '20.00'], [owner.pin]);
    expect(r.code).toBe(0);
    const receipt = r.json.receipt as unknown as { acctMulaidPayFen: number; acctPayFen: number; payer: { sub: string } };
    expect(receipt.payer.sub).toBe(owner.sub);
    expect(receipt.acctMulaidPayFen + receipt.acctPayFen).toBe(2000);
    expect(await balanceOf(env, owner)).toBe(before - receipt.acctMulaidPayFen);
  });

  it('names the guardian on a family-account sale by national code', async () => {
    const member = env.person('family-member');
    const r = await checkoutJson(env, ['--voucher', await nationalCode(member, ['--act-sub', member.actSub!]), '--amount', '3.00'], [member.pin]);
    expect(r.code).toBe(0);
    expect((r.json.receipt as { guardian?: { sub: string } }).guardian?.sub).toBe(member.actSub);
  });

  it('asks again after a wrong PIN with the same national code', async () => {
    const p = env.person('employee');
    const r = await checkoutJson(env, ['--voucher', await nationalCode(p), '--amount', '2.00'], ['999999', p.pin]);
    expect(r.code).toBe(0);
    expect(r.json.receipt!.acctPayFen).toBe(200);
  });

  it('takes the national pattern from --national-pattern, or no national codes with off', async () => {
    const p = env.person('employee');
    const code = await nationalCode(p);
    const off = await checkoutJson(env, ['--national-pattern', 'off', '--voucher', code, '--amount', '1.00'], [p.pin]);
    expect(off.code).toBe(1);
    expect(off.json.code).toBe('VOUCHER_MALFORMED');
    const own = await checkoutJson(env, ['--national-pattern', '^\\d{20,30}$', '--voucher', code, '--amount', '1.00'], [p.pin]);
    expect(own.code).toBe(0);
    expect(own.json.receipt!.verifiedBy).toBe('online');
    expect((await runCli(['checkout', '--dir', env.dir, '--pin-stdin', '--national-pattern', '(', '--voucher', code])).code).toBe(2);
  });

  it('refuses when the platform cannot be reached, charging nothing', async () => {
    const p = env.person('employee');
    const code = await nationalCode(p);
    const r = await runCli(['checkout', '--dir', env.dir, '--gateway', 'http://127.0.0.1:9', '--pin-stdin', '--json', '--voucher', code, '--amount', '1.00'], { input: `${p.pin}\n` });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout.trim()).code).toBe('GATEWAY_UNREACHABLE');
  });
});
