/**
 * The simulator speaking the national profile whole (`gateway init --profile
 * national`): the client made from the environment pays a sale with an
 * offline voucher and with a national code decoded by the local voucher
 * service (ec.query, business type 02121), over the service path with
 * x-tif headers, SM2 over `input` and SM4 both ways; what is not signed or
 * not the platform's way is refused.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/gateway/client.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey, readEnvSettings } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { drawNationalCode } from '../../src/sim/issuer/national-code.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import { issue } from './helpers/terminal.js';

describe('simulator under the national profile', () => {
  let dir: string;
  let sim: Simulator;
  let persons: PersonCase[];
  let client: GatewayClient;
  const person = (c: string) => persons.find((p) => p.case === c)!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yibao-national-'));
    ({ persons } = await initEnvironment({ dir, profile: 'national' }));
    sim = await startSimulator({ dir, port: 0 });
    client = await createGatewayClientFromEnv(dir, { url: sim.url });
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function pay(p: PersonCase, voucherText: string, jti: string, totalFen: number) {
    const req: SettleRequest = { voucherText, psnNo: p.psn_no, insutype: p.insutype as SettleRequest['insutype'], insuplcAdmdvs: p.reg, items: [{ code: 'XJ01', qty: 1, priceFen: totalFen }], totalFen };
    await client.preSettle(req);
    const msgid = client.newMsgid();
    const pinBlock = await sealPinBlock(p.pin, { jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(dir, 'pin', 'public'), now: Date.now() });
    return client.settle({ ...req, pinBlock }, { msgid });
  }

  it('init wrote the profile: terminal.json names it and its credentials; the platform knows the till', async () => {
    const terminal = JSON.parse(await readFile(join(dir, 'terminal.json'), 'utf8')) as { gateway: { profile?: string }; gatewayCredentials?: string };
    expect(terminal.gateway.profile).toBe('national');
    expect(terminal.gatewayCredentials).toBe(join('keys', 'gateway-credentials.json'));
    const settings = await readEnvSettings(dir);
    expect(settings.gatewayProfile).toBe('national');
    expect(settings.national?.terminals[0]).toMatchObject({ devNo: settings.devNo, publicKeyHex: expect.stringMatching(/^04[0-9a-f]{128}$/) });
  });

  it('pays with an offline voucher end to end', async () => {
    const p = person('employee');
    const v = await issue(dir, Date.now(), p.sub, { reg: p.reg });
    const info = await client.personInfo(v.text);
    expect(info.psnNo).toBe(p.psn_no);
    const s = await pay(p, v.text, v.jti, 2680);
    expect(s.totalFen).toBe(2680);
    expect(s.acctPayFen + s.fundPayFen + s.cashFen + s.acctMulaidPayFen).toBe(2680);
    expect(s.balanceFen).toBe(p.balanceFen - s.acctPayFen);
  });

  it('pays with a national code decoded by the voucher service (ec.query, 02121)', async () => {
    const p = person('resident');
    const { code } = await drawNationalCode({ url: sim.url, sub: p.sub });
    const identity = await client.decodeVoucherCode(code);
    expect(identity.insuOrg).toBe(p.reg);
    const info = await client.personInfo(identity.ecToken);
    expect(info.psnNo).toBe(p.psn_no);
    const s = await pay(p, identity.ecToken, identity.ecToken, 1200);
    expect(s.totalFen).toBe(1200);
    // The code is used up by the sale.
    await expect(client.decodeVoucherCode(code)).rejects.toMatchObject({ code: 'GATEWAY_VOUCHER_INVALID', outcome: 'refused' });
  });

  it('refuses what is not the platform’s way: no x-tif headers, a hospital business type, 1162', async () => {
    const raw = await fetch(`${sim.url}/fsi/api/rsfComIfsService/callService`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(raw.status).toBe(401);
    const voucherService = await fetch(`${sim.url}/localcfc/api/hsecfc/localQrCodeQuery`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(voucherService.status).toBe(401);
    const options = { ...(await import('../../src/config/load.js').then((m) => m.loadGatewayOptions(dir, { url: sim.url }))) };
    const hospital = new GatewayClient({ ...options, profile: { base: 'national', ecBusinessType: '01301' } });
    const { code } = await drawNationalCode({ url: sim.url, sub: person('employee').sub });
    await expect(hospital.decodeVoucherCode(code)).rejects.toMatchObject({ code: 'GATEWAY_VOUCHER_INVALID', errMsg: expect.stringContaining('02121') });
    const by1162 = new GatewayClient({ ...options, profile: { base: 'national', voucherDecode: '1162' } });
    await expect(by1162.decodeVoucherCode(code)).rejects.toMatchObject({ outcome: 'refused' });
    const wrongKey = new GatewayClient({ ...options, credentials: { ...options.credentials, sm2: { ...options.credentials!.sm2!, secret: '00000000000000000000000000000000' } } });
    await expect(wrongKey.signIn()).rejects.toMatchObject({ code: 'GATEWAY_UNAUTHORIZED' });
    for (const c of [hospital, by1162, wrongKey]) await c.close();
  });
});
