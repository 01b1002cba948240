import { beforeAll, describe, expect, it } from 'vitest';
import { GatewayClient, type GatewayClientOptions } from '../../src/gateway/client.js';
import { verifyBodySignature } from '../../src/gateway/signature.js';
import { manualClock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/log.js';
import { failure, useCleanup } from './helpers/failure.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import { answer, ok, refusal, setlinfo, startFakeGateway, terminalKeys, type Handler, type Received } from './helpers/fake-gateway.js';

const CODE = 'P42010000001';
const T = Date.UTC(2026, 10, 22, 3, 59, 59, 0); // 11:59:59 Shanghai
let keys: Awaited<ReturnType<typeof terminalKeys>>;
beforeAll(async () => {
  keys = await terminalKeys('term-7');
});

const cleanup = useCleanup();

const PIN_BLOCK = 'eyJhbGciOiJFQ0RILUVTK0EyNTZLVyJ9.SECRETKEY.SECRETIV.SECRETCIPHER.SECRETTAG';

const sale: SettleRequest = {
  voucherText: 'VOUCHER-QR-TEXT',
  psnNo: 'PSN1',
  insutype: '310',
  insuplcAdmdvs: '420100',
  items: [
    { code: 'XA01', name: '布洛芬', qty: 2, priceFen: 1000, traceCode: '81234567890123456789' },
    { code: 'XB02', localCode: 'L-2', qty: 1, priceFen: 680 },
  ],
  totalFen: 2680,
  pinBlock: PIN_BLOCK,
  invono: 'INV1',
};

/** Answers like a gateway that wants a sign-in first and takes sign-outs (9002 at close); `route` answers the rest. */
function gatewayLike(route: (got: Received) => unknown, signNos: string[] = ['SIGN-1', 'SIGN-2', 'SIGN-3']): Handler {
  let signed = 0;
  return (got, res) => {
    if (got.envelope.infno === '9001') {
      answer(res, ok({ signinoutb: { sign_time: '2026-11-22 11:59:59', sign_no: signNos[signed++] } }));
      return;
    }
    if (got.envelope.infno === '9002') return answer(res, ok({}));
    answer(res, route(got));
  };
}

async function setup(handler: Handler, extra: Partial<GatewayClientOptions> = {}) {
  const gw = await startFakeGateway(handler);
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = { log: (level, message, fields) => lines.push({ level, message, ...(fields ? { fields } : {}) }) };
  const client = new GatewayClient({
    url: gw.url,
    terminalKey: keys.priv,
    fixmedinsCode: CODE,
    fixmedinsName: '测试大药房',
    mdtrtAreaAdmvs: '420100',
    devNo: 'POS-01',
    opter: 'C001',
    opterName: '张三',
    clock: manualClock(T),
    timeoutMs: 2000,
    logger,
    ...extra,
  });
  cleanup.push(() => gw.close(), () => client.close());
  return { gw, client, lines };
}

describe('GatewayClient envelope and signing', () => {
  it('signs in first, then sends a full envelope whose exact bytes verify with the terminal key', async () => {
    const { gw, client } = await setup(gatewayLike(() => ok({ setlinfo })));
    const msgid = client.newMsgid();
    const result = await client.settle(sale, { msgid });
    expect(result).toEqual({
      setlId: 'S1',
      mdtrtId: 'M1',
      psnNo: 'PSN1',
      totalFen: 2680,
      fundPayFen: 0,
      acctPayFen: 2680,
      acctMulaidPayFen: 0,
      cashFen: 0,
      balanceFen: 47320,
    });
    expect(gw.received.map((r) => r.envelope.infno)).toEqual(['9001', '2102']);
    const signIn = gw.received[0]!.envelope;
    expect(signIn.sign_no).toBe('');
    expect(signIn.input).toEqual({ signIn: { opter_no: 'C001', mac: '00-00-00-00-00-00', ip: '127.0.0.1' } });
    const got = gw.received[1]!;
    expect(await verifyBodySignature(got.raw, got.headers['x-yb-signature'] as string, (kid) => (kid === 'term-7' ? keys.pub : undefined))).toBe('term-7');
    const { input, ...env } = got.envelope;
    expect(env).toEqual({
      infno: '2102',
      msgid,
      mdtrtarea_admvs: '420100',
      insuplc_admdvs: '420100',
      recer_sys_code: 'YBJS',
      dev_no: 'POS-01',
      infver: 'V1.0',
      opter_type: '1',
      opter: 'C001',
      opter_name: '张三',
      inf_time: '2026-11-22 11:59:59',
      fixmedins_code: CODE,
      fixmedins_name: '测试大药房',
      sign_no: 'SIGN-1',
    });
    expect(msgid).toBe(`${CODE}202611221159590000`);
    expect(signIn.msgid).toBe(`${CODE}202611221159590001`);
    expect(input).toEqual({
      druginfo: {
        psn_no: 'PSN1',
        mdtrt_cert_type: '01',
        mdtrt_cert_no: 'VOUCHER-QR-TEXT',
        med_type: '41',
        begntime: '2026-11-22 11:59:59',
        medfee_sumamt: '26.80',
        insutype: '310',
        acct_used_flag: '1',
        minpacunt_drug_trac_cnt: 1,
        mcs_trac_cnt: 0,
        invono: 'INV1',
      },
      drugdetail: [
        {
          feedetl_sn: '0001',
          rx_circ_flag: '0',
          fee_ocur_time: '2026-11-22 11:59:59',
          med_list_codg: 'XA01',
          medins_list_codg: 'XA01',
          cnt: 2,
          pric: '10.00',
          det_item_fee_sumamt: '20.00',
        },
        { feedetl_sn: '0002', rx_circ_flag: '0', fee_ocur_time: '2026-11-22 11:59:59', med_list_codg: 'XB02', medins_list_codg: 'L-2', cnt: 1, pric: '6.80', det_item_fee_sumamt: '6.80' },
      ],
      drug_trac_info: [{ feedetl_sn: '0001', drug_trac_codg: '81234567890123456789', trdn_flag: '0', min_prcunt_type: '2' }],
      pin_blk: PIN_BLOCK,
    });
  });

  it('sends the cross-region code, payer voucher, kiosk operator type and no account use', async () => {
    const { gw, client } = await setup(gatewayLike(() => ok({ setlinfo })), { opterType: 2 });
    await client.preSettle({ ...sale, insuplcAdmdvs: '110000', payerVoucherText: 'PAYER-QR', useAccount: false, pinBlock: undefined });
    const env = gw.received[1]!.envelope;
    expect(env.insuplc_admdvs).toBe('110000');
    expect(env.mdtrtarea_admvs).toBe('420100');
    expect(env.opter_type).toBe('2');
    const druginfo = (env.input as { druginfo: Record<string, unknown> }).druginfo;
    expect(druginfo.payer_cert_no).toBe('PAYER-QR');
    expect(druginfo.acct_used_flag).toBe('0');
    expect(druginfo.invono).toBeUndefined();
    expect((env.input as Record<string, unknown>).pin_blk).toBeUndefined();
  });

  it('refuses a bad request before sending anything', async () => {
    const { gw, client } = await setup(gatewayLike(() => ok({ setlinfo })));
    const cases: Array<[SettleRequest, string]> = [
      [{ ...sale, totalFen: 2681 }, 'totalFen'],
      [{ ...sale, items: [] }, 'items'],
      [{ ...sale, items: [{ code: 'X', qty: 1.00001, priceFen: 100 }], totalFen: 100 }, 'items[0].qty'],
      [{ ...sale, items: [{ code: 'X', qty: 1, price: '1.0000001' }], totalFen: 100 }, 'items[0].price'],
      [{ ...sale, items: [{ code: 'X', qty: 1, priceFen: -1 }], totalFen: -1 }, 'totalFen'],
      [{ ...sale, pinBlock: undefined }, 'pinBlock'],
      [{ ...sale, voucherText: '' }, 'voucherText'],
    ];
    for (const [req, field] of cases) {
      const e = await failure(client.settle(req, { msgid: client.newMsgid() }));
      expect(e.code).toBe('GATEWAY_REQUEST_INVALID');
      expect(e.details.field).toBe(field);
      expect(e.outcome).toBe('refused');
    }
    expect((await failure(client.settle(sale, { msgid: 'P42010000001x' }))).code).toBe('GATEWAY_MSGID_INVALID');
    expect((await failure(client.settle(sale, { msgid: 'P99999999999202611221159590001' }))).code).toBe('GATEWAY_MSGID_INVALID');
    expect(gw.received).toHaveLength(0);
  });
});

describe('GatewayClient sign-in', () => {
  it('SIGN_IN_REQUIRED: one sign-in and one resend of the same msgid with the new sign_no', async () => {
    let first = true;
    const { gw, client } = await setup(
      gatewayLike((got) => {
        if (first) {
          first = false;
          return refusal('SIGN_IN_REQUIRED', '签到已失效');
        }
        return ok({ setlinfo: { ...setlinfo, psn_no: String((got.envelope.input as { druginfo: { psn_no: string } }).druginfo.psn_no) } });
      }),
    );
    const msgid = client.newMsgid();
    const s = await client.settle(sale, { msgid });
    expect(s.totalFen).toBe(2680);
    const seq = gw.received.map((r) => [r.envelope.infno, r.envelope.msgid === msgid, r.envelope.sign_no]);
    expect(seq).toEqual([
      ['9001', false, ''],
      ['2102', true, 'SIGN-1'],
      ['9001', false, ''],
      ['2102', true, 'SIGN-2'],
    ]);
    // Same input both times; only sign_no differs.
    expect(gw.received[3]!.envelope.input).toEqual(gw.received[1]!.envelope.input);
  });

  it('a second SIGN_IN_REQUIRED is not retried again', async () => {
    const { gw, client } = await setup(gatewayLike(() => refusal('SIGN_IN_REQUIRED')));
    const e = await failure(client.settle(sale, { msgid: client.newMsgid() }));
    expect(e.code).toBe('GATEWAY_SIGN_IN_REQUIRED');
    expect(gw.received.map((r) => r.envelope.infno)).toEqual(['9001', '2102', '9001', '2102']);
  });

  it('a sign-in without an answer before 2102: the settlement was never sent, so it is refused (UNREACHABLE) under its own msgid', async () => {
    const { gw, client } = await setup((got, res) => {
      if (got.envelope.infno === '9001') return answer(res, refusal('INTERNAL'), 503);
      answer(res, ok({ setlinfo }));
    });
    const msgid = client.newMsgid();
    const e = await failure(client.settle(sale, { msgid }));
    expect(e).toMatchObject({ code: 'GATEWAY_UNREACHABLE', outcome: 'refused', msgid });
    expect(e.details).toMatchObject({ stage: 'sign-in', signInCode: 'GATEWAY_UNKNOWN_OUTCOME' });
    expect(gw.received.map((r) => r.envelope.infno)).toEqual(['9001']);
  });

  it('a refused sign-in keeps its code and says nothing was sent', async () => {
    const { client } = await setup((_got, res) => answer(res, {}, 401));
    const msgid = client.newMsgid();
    const e = await failure(client.settle(sale, { msgid }));
    expect(e).toMatchObject({ code: 'GATEWAY_UNAUTHORIZED', outcome: 'refused', msgid, httpStatus: 401 });
  });

  it('concurrent first calls share one sign-in', async () => {
    const { gw, client } = await setup(gatewayLike(() => ok({ setlinfo })));
    await Promise.all([client.preSettle({ ...sale, pinBlock: undefined }), client.preSettle({ ...sale, pinBlock: undefined }), client.preSettle({ ...sale, pinBlock: undefined })]);
    expect(gw.received.filter((r) => r.envelope.infno === '9001')).toHaveLength(1);
  });

  it('signs out with the current sign_no, and the next call signs in again', async () => {
    const { gw, client } = await setup(gatewayLike(() => ok({})));
    expect(await client.signIn()).toEqual({ signNo: 'SIGN-1', signTime: '2026-11-22 11:59:59' });
    await client.signOut();
    expect(gw.received[1]!.envelope.input).toEqual({ signOut: { sign_no: 'SIGN-1', opter_no: 'C001' } });
    expect(client.signNo).toBeUndefined();
    await client.reverse({ psnNo: 'P', omsgid: `${CODE}202611221159590000`, oinfno: '2102', insuplcAdmdvs: '420100' }, { msgid: client.newMsgid() });
    expect(gw.received.map((r) => r.envelope.infno)).toEqual(['9001', '9002', '9001', '2601']);
    expect(gw.received[3]!.envelope.sign_no).toBe('SIGN-2');
  });
});

describe('GatewayClient answers', () => {
  it('maps refusals to GATEWAY_<err_code> with err_msg, msgid and tries_left', async () => {
    const answers: unknown[] = [
      refusal('PIN_WRONG', '密码错误', { output: { tries_left: 2 } }),
      refusal('PIN_LOCKED', '密码已锁定'),
      refusal('NO_MUTUAL_AID_BINDING', '未绑定'),
      refusal('CREDENTIAL_FROZEN', '凭证已冻结'),
      refusal('SOMETHING_NEW', '新错误'),
    ];
    const { client } = await setup(gatewayLike(() => answers.shift()));
    const msgid = client.newMsgid();
    const e = await failure(client.settle(sale, { msgid }));
    expect(e.code).toBe('GATEWAY_PIN_WRONG');
    expect(e.outcome).toBe('refused');
    expect(e.errCode).toBe('PIN_WRONG');
    expect(e.errMsg).toBe('密码错误');
    expect(e.triesLeft).toBe(2);
    expect(e.msgid).toBe(msgid);
    expect((await failure(client.settle(sale, { msgid: client.newMsgid() }))).code).toBe('GATEWAY_PIN_LOCKED');
    expect((await failure(client.settle(sale, { msgid: client.newMsgid() }))).code).toBe('GATEWAY_NO_MUTUAL_AID_BINDING');
    expect((await failure(client.settle(sale, { msgid: client.newMsgid() }))).code).toBe('GATEWAY_CREDENTIAL_FROZEN');
    const unknownCode = await failure(client.settle(sale, { msgid: client.newMsgid() }));
    expect(unknownCode.code).toBe('GATEWAY_REFUSED');
    expect(unknownCode.errCode).toBe('SOMETHING_NEW');
  });

  it.each([
    ['garbage', 'not json {'],
    ['a JSON array', '[1,2]'],
    ['infcode 1', JSON.stringify({ infcode: 1 })],
    ['success without setlinfo', JSON.stringify(ok({}))],
    ['a malformed amount', JSON.stringify(ok({ setlinfo: { ...setlinfo, acct_pay: '26.801' } }))],
    ['a negative amount', JSON.stringify(ok({ setlinfo: { ...setlinfo, balc: '-1.00' } }))],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
  ])('a 2102 answer with %s is an unknown outcome carrying the msgid', async (_name, payload) => {
    const { client } = await setup((got, res) => {
      if (got.envelope.infno === '9001') return answer(res, ok({ signinoutb: { sign_time: 't', sign_no: 'S' } }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(payload);
    });
    const msgid = client.newMsgid();
    const e = await failure(client.settle(sale, { msgid }));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.outcome).toBe('unknown');
    expect(e.msgid).toBe(msgid);
  });

  it('a 5xx on 2102 is unknown and carries the msgid to reverse', async () => {
    const { client } = await setup((got, res) => {
      if (got.envelope.infno === '9001') return answer(res, ok({ signinoutb: { sign_time: 't', sign_no: 'S' } }));
      answer(res, refusal('INTERNAL'), 500);
    });
    const msgid = client.newMsgid();
    const e = await failure(client.settle(sale, { msgid }));
    expect(e.code).toBe('GATEWAY_UNKNOWN_OUTCOME');
    expect(e.msgid).toBe(msgid);
    expect(e.details.msgid).toBe(msgid);
  });

  it('person info, cancel, reverse, query (found and NOT_FOUND) and reconcile', async () => {
    const { gw, client } = await setup(
      gatewayLike((got) => {
        const data = (got.envelope.input as { data?: Record<string, unknown> }).data ?? {};
        switch (got.envelope.infno) {
          case '1101':
            return ok({
              baseinfo: { psn_no: 'PSN1', psn_name: '张*', certno: '4201**********1234' },
              insuinfo: [{ insutype: '310', balc: '500.00', psn_insu_stas: '1', insuplc_admdvs: '420100' }],
            });
          case '2103':
            return ok({ setlinfo: { acct_pay: '-26.80', acct_mulaid_pay: '0.00', balc: '500.00' } });
          case '2601':
            return ok({});
          case '5203':
            return data.omsgid === `${CODE}202611221159590009` ? refusal('NOT_FOUND', '无此报文') : ok({ setlinfo });
          case '3201':
            return ok({ stmtinfo: { stmt_rslt: '1', stmt_rslt_dscr: '对账不平' }, medfee_sumamt: '26.80', acct_pay: '26.80', fixmedins_setl_cnt: 1 });
          default:
            return refusal('INTERNAL');
        }
      }),
    );
    expect(await client.personInfo('QR', '420100')).toEqual({
      psnNo: 'PSN1',
      name: '张*',
      certno: '4201**********1234',
      insurances: [{ insutype: '310', balanceFen: 50000, status: '1', insuplcAdmdvs: '420100' }],
      identities: [],
    });
    expect(gw.received[1]!.envelope.input).toEqual({
      data: { mdtrt_cert_type: '01', mdtrt_cert_no: 'QR', card_sn: '', begntime: '', psn_cert_type: '', certno: '', psn_name: '' },
    });
    expect(await client.cancel({ psnNo: 'PSN1', setlId: 'S1', mdtrtId: 'M1', insuplcAdmdvs: '420100' }, { msgid: client.newMsgid() })).toEqual({
      acctPayFen: 2680,
      acctMulaidPayFen: 0,
      balanceFen: 50000,
      cashFen: 0,
    });
    await client.reverse({ psnNo: 'PSN1', omsgid: `${CODE}202611221159590001`, oinfno: '2102', insuplcAdmdvs: '420100' }, { msgid: client.newMsgid() });
    expect(gw.received.at(-1)!.envelope.input).toEqual({ data: { psn_no: 'PSN1', omsgid: `${CODE}202611221159590001`, oinfno: '2102' } });
    expect((await client.query({ psnNo: 'PSN1', omsgid: `${CODE}202611221159590001`, insuplcAdmdvs: '420100' }))?.setlId).toBe('S1');
    expect(await client.query({ psnNo: 'PSN1', omsgid: `${CODE}202611221159590009`, insuplcAdmdvs: '420100' })).toBeNull();
    expect(await client.reconcile({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 5360, acctPayFen: 5360, count: 2, insutype: '310' })).toEqual({
      balanced: false,
      gateway: { totalFen: 2680, acctPayFen: 2680, count: 1 },
      totalsFromGateway: true,
      description: '对账不平',
    });
    expect(gw.received.at(-1)!.envelope.input).toEqual({
      data: {
        insutype: '310',
        clr_type: '41',
        setl_optins: '420100',
        stmt_begndate: '2026-11-22',
        stmt_enddate: '2026-11-22',
        medfee_sumamt: '53.60',
        fund_pay_sumamt: '0.00',
        acct_pay: '53.60',
        fixmedins_setl_cnt: 2,
        refd_setl_flag: '1',
      },
    });
    // Without an insurance type: all types together, the version 1 extension.
    await client.reconcile({ beginDate: '2026-11-22', endDate: '2026-11-22', totalFen: 5360, acctPayFen: 5360, count: 2 });
    expect(gw.received.at(-1)!.envelope.input).toEqual({
      data: { stmt_begndate: '2026-11-22', stmt_enddate: '2026-11-22', medfee_sumamt: '53.60', acct_pay: '53.60', fixmedins_setl_cnt: 2 },
    });
  });

  it('logs msgids, infno, durations and outcomes, never the PIN block or the key', async () => {
    const answers: unknown[] = [ok({ setlinfo }), refusal('PIN_WRONG', '密码错误', { output: { tries_left: 1 } })];
    const { client, lines } = await setup(gatewayLike(() => answers.shift()));
    await client.settle(sale, { msgid: client.newMsgid() });
    const e = await failure(client.settle(sale, { msgid: client.newMsgid() }));
    const text = JSON.stringify(lines);
    expect(lines.some((l) => l.fields?.infno === '2102' && l.fields.outcome === 'ok' && typeof l.fields.ms === 'number')).toBe(true);
    expect(lines.some((l) => l.fields?.code === 'GATEWAY_PIN_WRONG')).toBe(true);
    for (const secret of ['SECRETKEY', 'SECRETCIPHER', keys.priv.d!]) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(e.toJSON()) + e.message).not.toContain(secret);
    }
  });

  it('refuses calls after close', async () => {
    const { client } = await setup(gatewayLike(() => ok({})));
    await client.close();
    expect((await failure(client.signIn())).code).toBe('GATEWAY_CLOSED');
  });
});
