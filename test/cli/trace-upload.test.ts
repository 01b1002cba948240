/**
 * Traceability codes end to end through the CLI: codes scanned during a
 * sale go out with it (2101/2102) and in a 3505 upload after it, journaled
 * in the trace outbox and retried until acknowledged, also across a kill.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PersonCase } from '../../src/sim/init.js';
import { DIST, runCli } from '../helpers/cli.js';
import { admin, balanceOf, checkoutJson, startSimCli, type SimCli } from '../helpers/sim-cli.js';
import { faultFired } from '../helpers/faults.js';

let env: SimCli;
beforeAll(async () => {
  env = await startSimCli('yibao-trace-');
});
afterAll(async () => {
  await env.close();
});
beforeEach(async () => {
  await admin(env, 'DELETE', '/admin/faults');
});

let serial = 0;
/** A fresh 20-digit trace code per call. */
const traceCode = () => `8${String(process.pid % 1e6).padStart(6, '0')}${String(++serial).padStart(13, '0')}`;

async function voucher(p: PersonCase): Promise<string> {
  const r = await runCli(['issue', '--dir', env.dir, '--sub', p.sub, '--reg', p.reg]);
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

interface TraceRow {
  code: string;
  setl_id: string;
  uploaded: boolean;
}
const traces = () => admin<TraceRow[]>(env, 'GET', '/admin/traces');
const fault = (body: Record<string, unknown>) => admin(env, 'POST', '/admin/faults', body);

// Several CLI processes per test: generous on a loaded machine.
describe('traceability uploads', { timeout: 60_000 }, () => {
  it('sends the scanned codes with the sale and uploads them (3505) after it', async () => {
    const p = env.person('employee');
    const [a, b, c] = [traceCode(), traceCode(), traceCode()];
    const r = await checkoutJson(env, ['--stdin', '--item', 'XA01:2:10.00:L2301:2025-01-15:2027-01-14', '--item', 'XB02:1:5.50:L2301:2025-01-15:2027-01-14'], [a, b, c, await voucher(p), p.pin]);
    expect(r.code).toBe(0);
    const items = r.json.receipt!.items as Array<{ code: string; traceCodes?: string[] }>;
    expect(items.map((i) => i.traceCodes)).toEqual([[a, b], [c]]);
    expect(r.json.traceUploads!.map((u) => [u.codes, u.state])).toEqual([
      [2, 'acknowledged'],
      [1, 'acknowledged'],
    ]);
    const stored = (await traces()).filter((t) => [a, b, c].includes(t.code));
    expect(stored).toHaveLength(3);
    expect(stored.every((t) => t.uploaded && t.setl_id === r.json.receipt!.setlId)).toBe(true);
  });

  it('refuses a traced line without its lot and dates before the voucher is used', async () => {
    const p = env.person('employee');
    const v = await voucher(p);
    const refused = await checkoutJson(env, ['--stdin', '--item', 'XA01:1:3.00'], [traceCode(), v, p.pin]);
    expect(refused.code).toBe(1);
    expect(refused.json.code).toBe('CHECKOUT_TRACE_BATCH_MISSING');
    // The same voucher still pays: it was not used up.
    const paid = await checkoutJson(env, ['--stdin', '--item', 'XA01:1:3.00:L2301:2025-01-15:2027-01-14'], [traceCode(), v, p.pin]);
    expect(paid.code, paid.stderr).toBe(0);
    expect((await runCli(['checkout', '--dir', env.dir, '--gateway', env.sim.url, '--pin-stdin', '--voucher', v, '--item', 'XA01:1:3.00:L1:2025-13-01:2027-01-14'])).code).toBe(2);
  });

  it('refuses a trace code sold twice before anything is booked', async () => {
    const p = env.person('employee');
    const code = traceCode();
    expect((await checkoutJson(env, ['--stdin', '--item', 'XA01:1:3.00:L2301:2025-01-15:2027-01-14'], [code, await voucher(p), p.pin])).code).toBe(0);
    const before = await balanceOf(env, p);
    const again = await checkoutJson(env, ['--stdin', '--item', 'XA01:1:3.00:L2301:2025-01-15:2027-01-14'], [code, await voucher(p), p.pin]);
    expect(again.code).toBe(1);
    expect(again.json.code).toBe('GATEWAY_TRACE_CODE_SOLD');
    expect(await balanceOf(env, p)).toBe(before);
  });

  it('keeps an upload that failed, and a push retries it until acknowledged', async () => {
    const p = env.person('employee');
    const code = traceCode();
    await fault({ infno: '3505', kind: '5xx', times: -1 });
    const r = await checkoutJson(env, ['--stdin', '--item', 'XA01:1:2.00:L2301:2025-01-15:2027-01-14'], [code, await voucher(p), p.pin]);
    // The sale is paid whatever happens to the upload.
    expect(r.code).toBe(0);
    expect(r.json.traceUploads).toEqual([expect.objectContaining({ state: 'pending', attempts: 1 })]);
    expect((await traces()).find((t) => t.code === code)?.uploaded).toBe(false);
    // Still down: the push fails and says so.
    const down = await runCli(['trace', 'push', '--dir', env.dir, '--gateway', env.sim.url, '--json']);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout)).toMatchObject({ acknowledged: 0, pending: 1 });
    await admin(env, 'DELETE', '/admin/faults');
    const up = await runCli(['trace', 'push', '--dir', env.dir, '--gateway', env.sim.url, '--json']);
    expect(up.code).toBe(0);
    const report = JSON.parse(up.stdout) as { acknowledged: number; pending: number; uploads: Array<{ msgid: string; state: string; attempts: number }> };
    expect(report).toMatchObject({ acknowledged: 1, pending: 0 });
    expect(report.uploads.find((u) => u.msgid === r.json.traceUploads![0]!.msgid)).toMatchObject({ state: 'acknowledged', attempts: 3 });
    expect((await traces()).find((t) => t.code === code)?.uploaded).toBe(true);
  });

  it('uploads after a restart when the terminal was killed between the sale and the upload', async () => {
    const p = env.person('employee');
    const code = traceCode();
    // The 3505 hangs at the gateway: the terminal is killed while it waits.
    await fault({ infno: '3505', kind: 'delay', delayMs: 8_000, times: 1 });
    const child = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), 'checkout', '--dir', env.dir, '--gateway', env.sim.url, '--stdin', '--pin-stdin', '--item', 'XA01:1:1.50:L2301:2025-01-15:2027-01-14'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(`${code}\n${await voucher(p)}\n${p.pin}\n`);
    let stderr = '';
    const paid = new Promise<void>((done) =>
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (stderr.includes('结算成功 / paid')) done();
      }),
    );
    const closed = new Promise<number | null>((done) => child.on('close', (_code, signal) => done(signal === 'SIGKILL' ? -9 : _code)));
    await paid;
    child.kill('SIGKILL');
    expect(await closed).toBe(-9);
    const list = await runCli(['trace', 'list', '--dir', env.dir, '--json']);
    const rows = JSON.parse(list.stdout) as Array<{ traceCodes: string[]; state: string }>;
    expect(rows.find((u) => u.traceCodes.includes(code))?.state).toBe('pending');
    // Whether or not the killed terminal's 3505 reached the gateway (and hangs there), the next start sends it again.
    await admin(env, 'DELETE', '/admin/faults');
    const push = await runCli(['trace', 'push', '--dir', env.dir, '--gateway', env.sim.url, '--json']);
    expect(push.code).toBe(0);
    expect((await traces()).find((t) => t.code === code)?.uploaded).toBe(true);
  });

  it('a terminal killed while its 2102 was in flight: the journal learns it booked, then the upload goes', async () => {
    const p = env.person('employee');
    const code = traceCode();
    await fault({ infno: '2102', kind: 'delay', delayMs: 3000, times: 1 });
    const child = spawn(process.execPath, [resolve(DIST, 'cli/run.js'), 'checkout', '--dir', env.dir, '--gateway', env.sim.url, '--stdin', '--pin-stdin', '--item', 'XA01:1:1.70:L2301:2025-01-15:2027-01-14'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(`${code}\n${await voucher(p)}\n${p.pin}\n`);
    const closed = new Promise<void>((done) => child.on('close', () => done()));
    const journal = join(env.dir, 'terminal', 'journal.db');
    for (let i = 0; i < 400; i++) {
      // In flight: the synced intent, which the file keeps until the answer.
      const inFlight = await runCli(['journal', 'list', '--journal', journal, '--state', 'intent', '--json']);
      if (inFlight.code === 0 && (JSON.parse(inFlight.stdout) as unknown[]).length > 0) break;
    }
    await faultFired(env.sim.url, '2102'); // and it left: the gateway has it (its delay fault fired)
    child.kill('SIGKILL');
    await closed;
    // The upload was written before the 2102 left; nobody knows yet whether the sale booked.
    const waiting = JSON.parse((await runCli(['trace', 'list', '--dir', env.dir, '--json'])).stdout) as Array<{ traceCodes: string[]; state: string }>;
    expect(waiting.find((u) => u.traceCodes.includes(code))?.state).toBe('waiting');
    // The gateway books the delayed 2102 after the terminal died.
    for (let i = 0; i < 400; i++) {
      const bookings = await admin<Array<{ psn_no: string; totalFen: number; state: string }>>(env, 'GET', '/admin/bookings');
      if (bookings.some((b) => b.psn_no === p.psn_no && b.totalFen === 170 && b.state === 'booked')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const recover = await runCli(['journal', 'recover', '--journal', journal, '--dir', env.dir, '--gateway', env.sim.url, '--json']);
    expect(JSON.parse(recover.stdout).booked).toHaveLength(1);
    const push = await runCli(['trace', 'push', '--dir', env.dir, '--gateway', env.sim.url, '--json']);
    expect(push.code).toBe(0);
    const stored = (await traces()).find((t) => t.code === code);
    expect(stored?.uploaded).toBe(true);
  });
});
