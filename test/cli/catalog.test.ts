/**
 * `yibao-pos catalog import|download` and a checkout that sells an own code:
 * the receipt (and so 2102) carries the national code, the own code as
 * `localCode`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { checkoutJson, startSimCli, type SimCli } from '../helpers/sim-cli.js';

let env: SimCli;
beforeAll(async () => {
  env = await startSimCli('yibao-catalog-');
});
afterAll(async () => {
  await env.close();
});

describe('catalog', { timeout: 60_000 }, () => {
  it('imports own codes, downloads the national catalogue, and a sale sends the national code', async () => {
    const csv = join(env.dir, 'items.csv');
    await writeFile(csv, 'own_code,national_code,name\n6901234567892,XJ01CRA045A001010100001,"阿莫西林胶囊 0.25g*24"\n');
    const imported = await runCli(['catalog', 'import', csv, '--dir', env.dir, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 1, own: 1 });
    const bad = join(env.dir, 'bad.csv');
    await writeFile(bad, '6901234567892\n');
    expect((await runCli(['catalog', 'import', bad, '--dir', env.dir])).code).toBe(2);
    const down = await runCli(['catalog', 'download', '--dir', env.dir, '--gateway', env.sim.url, '--json']);
    expect(down.code, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ pages: 3, rows: 250, national: 250 });
    const p = env.person('employee');
    const v = await runCli(['issue', '--dir', env.dir, '--sub', p.sub, '--reg', p.reg]);
    const r = await checkoutJson(env, ['--voucher', v.stdout.trim(), '--item', '6901234567892:1:13.40'], [p.pin]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.receipt!.items).toEqual([expect.objectContaining({ code: 'XJ01CRA045A001010100001', localCode: '6901234567892', name: '阿莫西林胶囊 0.25g*24' })]);
  });
});
