/**
 * `yibao-pos checkout` refuses a sale that cannot proceed before it reads
 * any code: nothing to charge, no PIN source, no usable trust list. The
 * code stays unused: the same replay guard (DIR/terminal/replay.db) then
 * accepts it once through `verify --state`, and refuses it the second time.
 */
import { copyFile, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
let person: PersonCase;
// Nothing listens here: every refusal below comes before the gateway is needed.
const GATEWAY = 'http://127.0.0.1:9';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yibao-checkout-refusals-'));
  const { persons } = await initEnvironment({ dir });
  person = persons.find((p) => p.case === 'employee')!;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function issue(): Promise<string> {
  const r = await runCli(['issue', '--dir', dir, '--sub', person.sub, '--reg', person.reg]);
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

/** The code was not used: the terminal's replay guard accepts it once, then refuses it. */
async function expectUnused(code: string): Promise<void> {
  const verify = (): ReturnType<typeof runCli> => runCli(['verify', code, '--dir', dir, '--state', join(dir, 'terminal'), '--json']);
  const first = await verify();
  expect(first.code).toBe(0);
  const second = await verify();
  expect(JSON.parse(second.stdout)).toMatchObject({ ok: false, code: 'VOUCHER_REPLAYED' });
}

const checkout = (args: string[], input = `${'000000'}\n`) => runCli(['checkout', '--dir', dir, '--gateway', GATEWAY, ...args], { input });

describe('checkout refuses before reading any code', () => {
  it('no --item and no --amount: exit 2 naming both options; the code stays unused', async () => {
    const code = await issue();
    const r = await checkout(['--voucher', code, '--pin-stdin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CHECKOUT_NO_ITEMS');
    expect(r.stderr).toMatch(/--item .*--amount/);
    expect(r.stdout).toBe('');
    await expectUnused(code);
  });

  it('--stdin with nothing to charge refuses without reading the scan lines', async () => {
    const code = await issue();
    const r = await checkout(['--stdin', '--pin-stdin'], `${code}\n${person.pin}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CHECKOUT_NO_ITEMS');
    await expectUnused(code);
  });

  it('--amount 0 and --item with a zero total are refused the same way', async () => {
    const code = await issue();
    expect((await checkout(['--voucher', code, '--pin-stdin', '--amount', '0'])).code).toBe(2);
    expect((await checkout(['--voucher', code, '--pin-stdin', '--item', 'A1:1:0.00'])).code).toBe(2);
    const mismatch = await checkout(['--voucher', code, '--pin-stdin', '--item', 'A1:1:2.00', '--amount', '3.00']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('CHECKOUT_AMOUNT_MISMATCH');
    await expectUnused(code);
  });

  it('no PIN source (stdin not a terminal, no --pin-stdin or --pin-device), or a PIN pad path that does not exist', async () => {
    const code = await issue();
    const noPin = await checkout(['--voucher', code, '--amount', '1.00']);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toContain('--pin-device');
    const noPad = await checkout(['--voucher', code, '--amount', '1.00', '--pin-device', join(dir, 'no-such-pad')]);
    expect(noPad.code).toBe(2);
    expect(noPad.stderr).toContain('no such device');
    await expectUnused(code);
  });

  it('an unreadable trust list (malformed, then missing): exit 2; the code stays unused', async () => {
    const code = await issue();
    const trust = join(dir, 'trust.jws');
    await copyFile(trust, `${trust}.good`);
    try {
      await writeFile(trust, 'not a trust list\n');
      const malformed = await checkout(['--voucher', code, '--pin-stdin', '--amount', '1.00']);
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain('TRUST_MALFORMED');
      await unlink(trust);
      const missing = await checkout(['--voucher', code, '--pin-stdin', '--amount', '1.00']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('trust.jws');
    } finally {
      await copyFile(`${trust}.good`, trust);
    }
    await expectUnused(code);
  });
});
