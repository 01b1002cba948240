/**
 * A national day end to end against the simulator (national answers),
 * through a recording proxy: a traced sale with lot and dates sends every
 * field of 2101/2102 and 3505; a 3505 answered retRslt 0 stays due with the
 * gateway's reason; a cancel sends 3506; and the day (sales, a cancel, an
 * 异地 sale) balances group by group.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../src/gateway/client.js';
import type { SaleItem } from '../../src/gateway/types.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import { reconcileDayByGroup } from '../../src/journal/reconcile-groups.js';
import { manualClock } from '../../src/lib/clock.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { readEnvKey } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import type { PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { issue, makeEnv, T0, type Env } from '../sim/helpers/terminal.js';
import { recordingProxy } from '../helpers/recording-proxy.js';

const clock = manualClock(T0);
const DAY = '2026-11-22';
let env: Env;
let sim: Simulator;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let journal: SettlementJournal;
let client: GatewayClient;
let n = 0;

beforeEach(async () => {
  env = await makeEnv(clock);
  sim = await startSimulator({ dir: env.dir, clock, profile: 'national' });
  proxy = await recordingProxy(sim.url);
  const dir = await mkdtemp(join(tmpdir(), 'national-day-'));
  journal = await SettlementJournal.open(join(dir, 'j.db'), { clock, traceUpload: { opterName: '收银员', pharmacist: { name: '李药师', certNo: 'YS420100000001' } } });
  client = await createGatewayClientFromEnv(env.dir, { url: proxy.url, clock, timeoutMs: 10_000, sequence: journal.sequence() });
  await journal.recover(client);
});
afterEach(async () => {
  await journal.close();
  await client.close();
  await proxy.close();
  await sim.close();
});

const code = () => `8${String(process.pid % 1e6).padStart(6, '0')}${String(++n).padStart(13, '0')}`;
const traced = (extra: Partial<SaleItem> = {}): SaleItem => ({
  code: 'XR05XAF122B002010100002',
  localCode: '6921168509256',
  name: '复方甘草片',
  qty: 10,
  price: '0.558333',
  partPack: '10/24片',
  traceCodes: [code()],
  lot: 'GC2501',
  madeOn: '2025-01-15',
  expiresOn: '2027-01-14',
  stockBatch: 'KC-2025-0001',
  ...extra,
});

async function pay(p: PersonCase, items: SaleItem[], j: SettlementJournal = journal) {
  const totalFen = items.reduce((s, i) => s + (i.priceFen !== undefined ? i.priceFen * Number(i.qty) : Math.round(Number(i.price) * Number(i.qty) * 100)), 0);
  const msgid = client.newMsgid();
  const v = await issue(env.dir, clock(), p.sub, { reg: p.reg });
  const pinBlock = await sealPinBlock(p.pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey: await readEnvKey(env.dir, 'pin', 'public'), now: clock() });
  const req = { voucherText: v.text, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items, totalFen, pinBlock };
  await client.preSettle(req);
  // The journal writes the uploads with the intent and makes them due once booked.
  const s = await j.settle(client, req, { msgid, jti: v.jti });
  await j.runOutbox(client, { kind: 'trace' });
  return { msgid, s };
}

describe('a national day', () => {
  it('a traced sale with lot and dates sends every field of 2101/2102 and 3505', async () => {
    const p = env.person('employee');
    const { msgid } = await pay(p, [traced()]);
    for (const infno of ['2101', '2102']) {
      const input = proxy.byInfno(infno).at(-1)!.input as { druginfo: Record<string, unknown>; drugdetail: Array<Record<string, unknown>>; drug_trac_info: unknown[] };
      expect(input.druginfo).toMatchObject({ begntime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), med_type: '41', minpacunt_drug_trac_cnt: 1 });
      expect(input.drugdetail[0]).toMatchObject({ rx_circ_flag: '0', med_list_codg: 'XR05XAF122B002010100002', medins_list_codg: '6921168509256', cnt: 10, pric: '0.558333' });
      expect(input.drug_trac_info).toEqual([{ feedetl_sn: '0001', drug_trac_codg: expect.stringMatching(/^\d{20}$/), trdn_flag: '1', min_prcunt_type: '1' }]);
    }
    const sel = (proxy.byInfno('3505').at(-1)!.input as { selinfo: Record<string, unknown> }).selinfo;
    expect(sel).toMatchObject({
      med_list_codg: 'XR05XAF122B002010100002',
      fixmedins_hilist_id: '6921168509256',
      fixmedins_hilist_name: '复方甘草片',
      fixmedins_bchno: 'KC-2025-0001',
      manu_lotnum: 'GC2501',
      manu_date: '2025-01-15',
      expy_end: '2027-01-14',
      trdn_flag: '1',
      rx_flag: '0',
      prsc_dr_name: '无',
      phar_name: '李药师',
      phar_prac_cert_no: 'YS420100000001',
      hi_feesetl_type: '1',
      mdtrt_setl_type: '1',
      mdtrt_sn: msgid,
      rtal_docno: msgid,
      sel_retn_cnt: '10',
      sel_retn_opter_name: '收银员',
    });
    expect(journal.traceUploads(msgid).map((r) => r.state)).toEqual(['acknowledged']);
  });

  it('a 3505 answered retRslt 0 stays due with the reason in the list', async () => {
    const noPharmacist = SettlementJournal.inMemory({ clock });
    try {
      const { msgid } = await pay(env.person('employee'), [traced()], noPharmacist);
      const [row] = noPharmacist.traceUploads(msgid);
      expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: 'GATEWAY_UPLOAD_REJECTED: 销售明细第1行必填缺失: phar_name' });
    } finally {
      await noPharmacist.close();
    }
  });

  it('a cancel sends 3506, and the day with sales, a cancel and an 异地 sale balances group by group', async () => {
    const local = env.person('employee');
    const remote = env.person('cross-region');
    const kept = await pay(local, [traced()]);
    const cancelled = await pay(local, [traced({ qty: 1, price: undefined, priceFen: 1340, partPack: undefined })]);
    await pay(remote, [{ code: 'XJ01CRA045A001010100001', qty: 2, priceFen: 1340 }]);
    await journal.cancel(client, { psnNo: local.psn_no, setlId: cancelled.s.setlId, mdtrtId: cancelled.s.mdtrtId, insuplcAdmdvs: local.reg, amountFen: cancelled.s.totalFen }, { msgid: client.newMsgid() });
    expect(journal.returnTraceUploads(client, cancelled.msgid)).toBe(1);
    await journal.runOutbox(client, { kind: 'trace' });
    const ret = (proxy.byInfno('3506').at(-1)!.input as { selinfo: Record<string, unknown> }).selinfo;
    expect(ret).toMatchObject({ setl_id: cancelled.s.setlId, mdtrt_sn: cancelled.msgid, manu_lotnum: 'GC2501', trdn_flag: '0', sel_retn_cnt: '1' });
    expect(journal.traceUploads(cancelled.msgid).map((r) => [r.upload.returnTime === undefined ? '3505' : '3506', r.state])).toEqual([['3505', 'acknowledged'], ['3506', 'acknowledged']]);

    for (const refdSetlFlag of ['1', '0'] as const) {
      const r = await reconcileDayByGroup(client, [journal.list()], DAY, 480, { refdSetlFlag });
      expect(r.balanced, JSON.stringify(r.groups)).toBe(true);
      expect(r.groups.map((g) => [g.insutype, g.clrType, g.setlOptins]).sort()).toEqual([['310', '41', '110100'], ['310', '41', '420100']]);
      const localGroup = r.groups.find((g) => g.setlOptins === '420100')!;
      expect(localGroup.journal.count).toBe(refdSetlFlag === '1' ? 1 : 3);
    }
    const sent = proxy.byInfno('3201').map((b) => (b.input as { data: Record<string, unknown> }).data);
    expect(sent.at(-1)).toMatchObject({ insutype: '310', clr_type: '41', refd_setl_flag: '0', fund_pay_sumamt: expect.anything() });
    expect(kept.s.setlId).not.toBe(cancelled.s.setlId);
  });

  it('explains an unbalanced group entry by entry', async () => {
    const local = env.person('employee');
    await pay(local, [traced()]);
    // A journal that lost nothing but counts a sale the gateway never booked under this group.
    const entries = journal.list().map((e) => ({ ...e, clearing: { insutype: '390', clrType: '41', clrOptins: '420100', fundPayFen: 0 } }));
    const r = await reconcileDayByGroup(client, [entries], DAY, 480);
    expect(r.balanced).toBe(false);
    expect(r.groups[0]).toMatchObject({ insutype: '390', balanced: false, entries: [expect.objectContaining({ infno: '2102', sign: 1, totalFen: 558 })] });
  });
});
