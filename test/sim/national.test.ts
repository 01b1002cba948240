/**
 * The simulator's national parts on the wire: 1162 decodes only codes it
 * issued, while they live and until a sale used them; 3505 stores the trace
 * codes of a booked sale and refuses a code that stands sold elsewhere.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvKey } from '../../src/sim/env.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { getJson, postJson, running, type TestTerminal } from './helpers/terminal.js';

type Running = Awaited<ReturnType<typeof running>>;
let r: Running;
beforeEach(async () => {
  r = await running();
});
afterEach(async () => {
  await r.sim.close();
});

async function drawCode(sub: string, ttl = 60): Promise<string> {
  const res = await postJson(`${r.sim.url}/admin/ec-codes`, { sub, ttl });
  expect(res.status).toBe(200);
  return (res.body as { code: string }).code;
}

const decode = (term: TestTerminal, code: string) => term.send('1162', { data: { ecQrCode: code, businessType: '01301', orgId: 'P42010000001', operatorId: 'C001', operatorName: '收银员' } });

/** 2102 with an ecToken (and trace codes on its one line). */
async function settleWithToken(term: TestTerminal, token: string, amountFen: number, traceCodes: string[] = []) {
  const emp = r.env.person('employee');
  const msgid = term.newMsgid();
  const pinBlock = await sealPinBlock(emp.pin, { jti: token, msgid, amountFen, pinKey: await readEnvKey(r.env.dir, 'pin', 'public'), now: r.clock() });
  const input = term.drugInput(emp.psn_no, emp.insutype, token, amountFen, { pinBlock }) as { druginfo: Record<string, unknown>; drugdetail: Array<Record<string, unknown>> };
  if (traceCodes.length) {
    input.drugdetail[0]!.drug_trac_codg = traceCodes.join(',');
    input.druginfo.minpacunt_drug_trac_cnt = traceCodes.length;
  }
  return { msgid, answer: await term.send('2102', input, { msgid, insuplc: emp.reg }) };
}

function selinfo(setlId: string, codes: string[], extra: Record<string, unknown> = {}) {
  const emp = r.env.person('employee');
  return {
    selinfo: {
      med_list_codg: 'XA01AAA001',
      fixmedins_hilist_id: '6901234567892',
      fixmedins_hilist_name: '布洛芬',
      fixmedins_bchno: 'B20260101',
      prsc_dr_name: '无',
      phar_name: '李药师',
      phar_prac_cert_no: 'YS420100000001',
      hi_feesetl_type: '1',
      mdtrt_setl_type: '1',
      psn_cert_type: '01',
      manu_lotnum: 'L20260101',
      manu_date: '2026-01-01',
      expy_end: '2028-01-01',
      rx_flag: '0',
      setl_id: setlId,
      mdtrt_sn: 'S1',
      psn_no: emp.psn_no,
      rtal_docno: 'S1',
      trdn_flag: '0',
      sel_retn_cnt: String(codes.length),
      sel_retn_time: '2026-11-22 10:00:00',
      sel_retn_opter_name: '收银员',
      drugtracinfo: codes.map((c) => ({ drug_trac_codg: c })),
      ...extra,
    },
  };
}

describe('1162 national code decode', () => {
  it('answers the holder and a token for an issued code, and refuses unknown and expired codes', async () => {
    const emp = r.env.person('employee');
    const code = await drawCode(emp.sub, 30);
    const a = await decode(r.term, code);
    expect(a.body.infcode).toBe(0);
    const data = (a.body.output as { data: Record<string, string> }).data;
    expect(data).toMatchObject({ insuOrg: emp.reg, ecIndexNo: emp.sub, idType: '01' });
    expect(data.ecToken).toMatch(/^\d{6}ec[a-z0-9]{26}$/);
    expect((await decode(r.term, `${code[0] === "9" ? "8" : "9"}${code.slice(1)}`)).body.err_code).toBe('VOUCHER_INVALID');
    r.clock.advance(41_000);
    expect((await decode(r.term, code)).body.err_code).toBe('VOUCHER_INVALID');
  });

  it('a sale uses the code up: decoding it again, or settling with its token again, is refused', async () => {
    const emp = r.env.person('employee');
    const code = await drawCode(emp.sub);
    const token = ((await decode(r.term, code)).body.output as { data: { ecToken: string } }).data.ecToken;
    const first = await settleWithToken(r.term, token, 500);
    expect(first.answer.body.infcode).toBe(0);
    expect((await decode(r.term, code)).body.err_code).toBe('VOUCHER_REPLAYED');
    expect((await settleWithToken(r.term, token, 500)).answer.body.err_code).toBe('VOUCHER_REPLAYED');
  });

  it('refuses a code of a frozen credential', async () => {
    const frozen = r.env.person('frozen-online');
    expect((await decode(r.term, await drawCode(frozen.sub))).body.err_code).toBe('CREDENTIAL_FROZEN');
  });
});

describe('3505 goods sale upload', () => {
  const codes = ['81000000000000000001', '81000000000000000002'];

  it('stores the codes of a booked sale; the same msgid again gets the same answer', async () => {
    const emp = r.env.person('employee');
    const token = ((await decode(r.term, await drawCode(emp.sub))).body.output as { data: { ecToken: string } }).data.ecToken;
    const sale = await settleWithToken(r.term, token, 400, codes);
    const setlId = (sale.answer.body.output as { setlinfo: { setl_id: string } }).setlinfo.setl_id;
    const msgid = r.term.newMsgid();
    const up = await r.term.send('3505', selinfo(setlId, codes), { msgid });
    expect(up.body.infcode).toBe(0);
    expect((await r.term.send('3505', selinfo(setlId, codes), { msgid })).body).toEqual(up.body);
    const stored = await getJson<Array<{ code: string; setl_id: string; uploaded: boolean }>>(`${r.sim.url}/admin/traces`);
    expect(stored).toEqual(codes.map((code) => expect.objectContaining({ code, setl_id: setlId, uploaded: true })));
  });

  it('refuses a code standing sold under another settlement, in 2101/2102 and in 3505', async () => {
    const first = await r.term.settle(r.env.person('employee'), 300);
    const setlA = (first.body.output as { setlinfo: { setl_id: string } }).setlinfo.setl_id;
    expect((await r.term.send('3505', selinfo(setlA, codes))).body.infcode).toBe(0);
    const emp = r.env.person('employee');
    const token = ((await decode(r.term, await drawCode(emp.sub))).body.output as { data: { ecToken: string } }).data.ecToken;
    const second = await settleWithToken(r.term, token, 200, [codes[0]!]);
    expect(second.answer.body.err_code).toBe('TRACE_CODE_SOLD');
    const third = await r.term.settle(emp, 200);
    const setlB = (third.body.output as { setlinfo: { setl_id: string } }).setlinfo.setl_id;
    expect((await r.term.send('3505', selinfo(setlB, [codes[1]!]))).body.err_code).toBe('TRACE_CODE_SOLD');
  });

  it('frees the codes of a reversed sale, refuses an unknown settlement and a part pack flagged whole', async () => {
    const sale = await r.term.settle(r.env.person('employee'), 300);
    const setlId = (sale.body.output as { setlinfo: { setl_id: string } }).setlinfo.setl_id;
    expect((await r.term.send('3505', selinfo(setlId, codes))).body.infcode).toBe(0);
    const emp = r.env.person('employee');
    const rev = await r.term.send('2601', { data: { psn_no: emp.psn_no, omsgid: sale.msgid, oinfno: '2102' } }, { insuplc: emp.reg });
    expect(rev.body.infcode).toBe(0);
    const again = await r.term.settle(emp, 300);
    const setl2 = (again.body.output as { setlinfo: { setl_id: string } }).setlinfo.setl_id;
    expect((await r.term.send('3505', selinfo(setl2, codes))).body.infcode).toBe(0);
    expect((await r.term.send('3505', selinfo('S99999999999', codes))).body.err_code).toBe('SETTLEMENT_NOT_FOUND');
    expect((await r.term.send('3505', selinfo(setl2, [codes[0]!], { sel_retn_cnt: '0.5' }))).body.err_code).toBe('BAD_REQUEST');
    expect((await r.term.send('3505', selinfo(setl2, [codes[0]!], { sel_retn_cnt: '0.5', trdn_flag: '1' }))).body.infcode).toBe(0);
  });
});
