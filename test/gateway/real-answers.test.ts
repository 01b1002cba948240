/**
 * Answers in the shape real gateways send (public HIS integrations of the
 * national platform): blank secondary amounts, numbers, aliases, extra
 * national fields, no err_code. The reader must pay a good sale and type
 * every refusal; anything it cannot prove is a refusal stays unknown.
 */
import { describe, expect, it } from 'vitest';
import { readAnswer } from '../../src/gateway/answer.js';
import { toPersonInfo } from '../../src/gateway/transactions/1101.js';
import { readSetlinfo as toSettlement } from '../../src/gateway/setlinfo.js';
import { classifyErrMsg, DEFAULT_ERR_MSG_PATTERNS } from '../../src/gateway/err-msg.js';
import { GatewayError } from '../../src/gateway/errors.js';
import { readSetlinfo } from '../../src/gateway/setlinfo.js';
import { ERR_MSG } from '../../src/sim/refusal.js';

const MSGID = 'P42010000001202611221159590001';
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** A 2102 answer as a real gateway sends it. */
const real2102 = {
  infcode: 0,
  inf_refmsgid: '420100202611221000000000000001',
  refmsg_time: '20261122100000123',
  respond_time: '20261122100000456',
  err_msg: null,
  warn_msg: '该药品为限制使用药品',
  cainfo: null,
  signtype: null,
  output: {
    setlinfo: {
      setl_id: 420100000123,
      mdtrt_id: 'M420100000123',
      psn_no: '42000000000000000001',
      psn_name: '张三',
      medfee_sumamt: 26.8,
      fulamt_ownpay_amt: '',
      inscp_scp_amt: 26.8,
      hifp_pay: 0,
      fund_pay_sumamt: 0,
      psn_pay: 26.8,
      acct_pay: 20,
      psn_cash_pay: 6.8,
      acct_mulaid_pay: '',
      balc: null,
      setl_time: '2026-11-22 10:00:00',
      medins_setl_id: MSGID,
      clr_type: '41',
      clr_way: '1',
      clr_optins: '420100',
      insutype: '310',
    },
    setldetail: [{ fund_pay_type: '310100', fund_pay_type_name: '职工基本医疗保险统筹基金', fund_payamt: '', setl_proc_info: '' }],
  },
};

function refusalOf(answer: unknown, options: Parameters<typeof readAnswer>[2] = {}): GatewayError {
  try {
    readAnswer(enc(answer), MSGID, options);
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    return e as GatewayError;
  }
  throw new Error('expected a refusal');
}

describe('setlinfo as real gateways send it', () => {
  it('pays a sale whose secondary amounts are "" or null and whose amounts are numbers', () => {
    const { output, envelope } = readAnswer(enc(real2102), MSGID);
    const s = toSettlement(output, MSGID);
    expect(s).toMatchObject({ setlId: '420100000123', totalFen: 2680, fundPayFen: 0, acctPayFen: 2000, acctMulaidPayFen: 0, cashFen: 680, balanceFen: 0 });
    expect(s.national).toMatchObject({
      setlTime: '2026-11-22 10:00:00',
      medinsSetlId: MSGID,
      clrType: '41',
      clrWay: '1',
      clrOptins: '420100',
      insutype: '310',
      psnPayFen: 2680,
      hifpPayFen: 0,
      inscpScpAmtFen: 2680,
      setldetail: [{ fundPayType: '310100', fundPayTypeName: '职工基本医疗保险统筹基金', fundPayamtFen: 0 }],
    });
    expect(envelope.warn_msg).toBe('该药品为限制使用药品');
  });

  it('takes cash from cash_payamt, or from psn_pay less the account payments', () => {
    const base = { ...real2102.output.setlinfo, psn_cash_pay: undefined };
    expect(readSetlinfo({ setlinfo: { ...base, cash_payamt: '6.80' } }, MSGID).cashFen).toBe(680);
    expect(readSetlinfo({ setlinfo: { ...base, psn_pay: 26.8 } }, MSGID).cashFen).toBe(680);
    // psn_pay below the account payments leaves a negative cash part: its own check, still an unknown outcome.
    expect(() => readSetlinfo({ setlinfo: { ...base, psn_pay: 10 } }, MSGID)).toThrow(expect.objectContaining({ code: 'GATEWAY_ANSWER_NEGATIVE_PART', outcome: 'unknown' }));
  });

  it('keeps the primary amounts strict: missing, blank or malformed is an unknown outcome', () => {
    for (const name of ['medfee_sumamt', 'fund_pay_sumamt', 'acct_pay']) {
      for (const bad of [undefined, '', null, 'abc', -1, 1.005]) {
        const s = { ...real2102.output.setlinfo, [name]: bad };
        // A negative part is its own check (GATEWAY_ANSWER_NEGATIVE_PART); every case is an unknown outcome.
        const code = bad === -1 ? 'GATEWAY_ANSWER_NEGATIVE_PART' : 'GATEWAY_UNKNOWN_OUTCOME';
        expect(() => readSetlinfo({ setlinfo: s }, MSGID), `${name}=${String(bad)}`).toThrow(expect.objectContaining({ code, outcome: 'unknown' }));
      }
    }
    const noCash = { ...real2102.output.setlinfo, psn_cash_pay: '', psn_pay: '' };
    expect(() => readSetlinfo({ setlinfo: noCash }, MSGID)).toThrow(expect.objectContaining({ code: 'GATEWAY_UNKNOWN_OUTCOME' }));
    expect(() => readSetlinfo({ setlinfo: { ...real2102.output.setlinfo, setl_id: '' } }, MSGID)).toThrow(expect.objectContaining({ code: 'GATEWAY_UNKNOWN_OUTCOME' }));
    // A secondary amount that is there must still be an amount.
    expect(() => readSetlinfo({ setlinfo: { ...real2102.output.setlinfo, balc: 'x' } }, MSGID)).toThrow(expect.objectContaining({ code: 'GATEWAY_UNKNOWN_OUTCOME' }));
  });

  it('reads a 2103 refund with negative amounts and the aliases cash_payamt and psn_pay, as positive refunds', () => {
    const refund = { setlinfo: { setl_id: 'S1', mdtrt_id: 'M1', psn_no: 'P1', medfee_sumamt: -26.8, fund_pay_sumamt: 0, acct_pay: -20, acct_mulaid_pay: '', cash_payamt: -6.8, psn_pay: -26.8, balc: 500 } };
    expect(readSetlinfo(refund, MSGID, { refund: true, idsRequired: false })).toMatchObject({ totalFen: 2680, acctPayFen: 2000, acctMulaidPayFen: 0, cashFen: 680, balanceFen: 50000, national: { psnPayFen: 2680 } });
  });

  it('2101 may answer without ids', () => {
    const s = { ...real2102.output.setlinfo, setl_id: undefined, mdtrt_id: null };
    expect(readSetlinfo({ setlinfo: s }, MSGID, { idsRequired: false })).toMatchObject({ setlId: '', mdtrtId: '', totalFen: 2680 });
  });

  it('1101: blank balance, one insuinfo object instead of a list, identities and insurance dates', () => {
    const p = toPersonInfo(
      {
        baseinfo: { psn_no: 'P1', psn_cert_type: '01', certno: '4201**1234', psn_name: '张*', gend: '1', brdy: '1980-01-01' },
        insuinfo: { insutype: '390', balc: '', psn_type: '21', psn_insu_stas: '1', psn_insu_date: '2015-01-01', paus_insu_date: null, insuplc_admdvs: '420100' },
        idetinfo: [{ psn_idet_type: '2101', psn_type_lv: '1', begntime: '2020-01-01 00:00:00', endtime: null }],
      },
      MSGID,
    );
    expect(p).toEqual({
      psnNo: 'P1',
      name: '张*',
      certno: '4201**1234',
      psnCertType: '01',
      gend: '1',
      brdy: '1980-01-01',
      insurances: [{ insutype: '390', balanceFen: 0, status: '1', insuplcAdmdvs: '420100', psnType: '21', insuDate: '2015-01-01' }],
      identities: [{ psnIdetType: '2101', psnTypeLv: '1', begntime: '2020-01-01 00:00:00' }],
    });
  });
});

describe('infcode rule', () => {
  it('0 as a number or a string is success; -1 and -2 are refusals; anything else is an unknown outcome', () => {
    for (const infcode of [0, '0', ' 0 ']) expect(readAnswer(enc({ ...real2102, infcode }), MSGID).output).toBeTruthy();
    for (const infcode of [-1, '-1', -2, '-2']) expect(refusalOf({ infcode, err_msg: '失败' }).outcome).toBe('refused');
    for (const infcode of [-3, 1, 100, 0.5, '', null, undefined, 'ok', '-1x']) {
      const e = refusalOf({ infcode, err_msg: '失败', output: real2102.output });
      expect(e.code, String(infcode)).toBe('GATEWAY_UNKNOWN_OUTCOME');
      expect(e.outcome).toBe('unknown');
      expect(e.msgid).toBe(MSGID);
    }
  });

  it('the refusal codes are configurable', () => {
    expect(refusalOf({ infcode: -2, err_msg: '失败' }, { refusalInfcodes: [-1] }).outcome).toBe('unknown');
    expect(refusalOf({ infcode: -9, err_msg: '失败' }, { refusalInfcodes: [-1, -9] }).outcome).toBe('refused');
  });
});

describe('refusals without err_code, classified from err_msg', () => {
  const cases: Array<[string, string, number | undefined]> = [
    ['医保支付密码错误，还可输入2次', 'GATEWAY_PIN_WRONG', 2],
    ['密码不正确，剩余1次机会', 'GATEWAY_PIN_WRONG', 1],
    ['支付密码错误', 'GATEWAY_PIN_WRONG', undefined],
    ['密码错误次数过多，账户已锁定', 'GATEWAY_PIN_LOCKED', undefined],
    ['医保支付密码已锁定，请重置后再试', 'GATEWAY_PIN_LOCKED', undefined],
    ['个人账户余额不足', 'GATEWAY_INSUFFICIENT_BALANCE', undefined],
    ['未查询到该人员的参保信息', 'GATEWAY_NOT_ENROLLED', undefined],
    ['医保电子凭证已冻结，请解冻后使用', 'GATEWAY_CREDENTIAL_FROZEN', undefined],
    ['人员参保状态暂停，不能享受待遇', 'GATEWAY_INSURANCE_SUSPENDED', undefined],
    ['电子凭证令牌已过期', 'GATEWAY_VOUCHER_INVALID', undefined],
    ['交易签到信息已失效，请重新签到', 'GATEWAY_SIGN_IN_REQUIRED', undefined],
    ['签到编号无效', 'GATEWAY_SIGN_IN_REQUIRED', undefined],
    ['sign_no invalid', 'GATEWAY_SIGN_IN_REQUIRED', undefined],
    ['该结算已撤销，不能重复撤销', 'GATEWAY_ALREADY_CANCELLED', undefined],
    ['未找到对应的结算信息', 'GATEWAY_SETTLEMENT_NOT_FOUND', undefined],
    ['数据库连接超时', 'GATEWAY_REFUSED', undefined],
  ];
  it.each(cases)('%s → %s', (msg, code, tries) => {
    const e = refusalOf({ infcode: -1, err_msg: msg, output: null });
    expect(e.code).toBe(code);
    expect(e.outcome).toBe('refused');
    expect(e.triesLeft).toBe(tries);
    expect(e.errMsg).toBe(msg);
    if (code !== 'GATEWAY_REFUSED') expect(e.details.classifiedBy).toBe('err_msg');
  });

  it('an err_code, when there is one, wins over the message', () => {
    expect(refusalOf({ infcode: -1, err_code: 'INSUFFICIENT_BALANCE', err_msg: '密码错误' }).code).toBe('GATEWAY_INSUFFICIENT_BALANCE');
  });

  it("an integrator's patterns come first", () => {
    const patterns = [{ pattern: /卡状态异常/, code: 'CREDENTIAL_FROZEN' as const }];
    expect(refusalOf({ infcode: -1, err_msg: '卡状态异常' }).code).toBe('GATEWAY_REFUSED');
    expect(refusalOf({ infcode: -1, err_msg: '卡状态异常' }, { errMsgPatterns: patterns }).code).toBe('GATEWAY_CREDENTIAL_FROZEN');
  });

  it("every message the simulator answers is classified as its own code", () => {
    for (const [code, msg] of Object.entries(ERR_MSG)) {
      if (code === 'BAD_REQUEST' || code === 'INTERNAL') {
        expect(classifyErrMsg(msg)).toBeUndefined();
        continue;
      }
      // 5203's NOT_FOUND reads as SETTLEMENT_NOT_FOUND: the client takes both as "no such settlement".
      expect(classifyErrMsg(msg, DEFAULT_ERR_MSG_PATTERNS)?.code, msg).toBe(code === 'NOT_FOUND' ? 'SETTLEMENT_NOT_FOUND' : code);
    }
  });
});
