import { describe, expect, it } from 'vitest';
import { ecDecodeInput, NATIONAL_CODE_PATTERN, toEcIdentity } from '../../../src/gateway/transactions/1162.js';
import { maskIdNo, maskName, nationalPattern, type NationalCodeOption } from '../../../src/checkout/online-voucher.js';
import { classifyScan } from '../../../src/voucher/classify.js';

/** Whether the terminal, given its `nationalCodes` option, takes a text as a national code. */
const nationalMatcher = (option: NationalCodeOption | undefined) => (text: string) => classifyScan(text, { national: nationalPattern(option) }) === 'national';

const MSGID = 'P42010000001202611221000000001';

describe('national code decode (1162 / ec.query)', () => {
  it('sends the code with who asks', () => {
    expect(ecDecodeInput('4243754826492874240001130000', { orgId: 'P42010000001', operatorId: 'C001', operatorName: '收银员' }).data).toMatchObject({
      ecQrCode: '4243754826492874240001130000',
      businessType: '01301',
      orgId: 'P42010000001',
    });
  });

  it('reads data as an object or as the JSON string ec.query answers', () => {
    const data = { ecToken: '430000ecABC', idNo: '533222199909090123', idType: '01', userName: '阿炳', insuOrg: '430000', ecIndexNo: 'E72', chnlId: 'null' };
    const expected = { ecToken: '430000ecABC', idNo: '533222199909090123', idType: '01', userName: '阿炳', insuOrg: '430000', ecIndexNo: 'E72' };
    expect(toEcIdentity({ data }, MSGID)).toEqual(expected);
    expect(toEcIdentity({ data: JSON.stringify(data) }, MSGID)).toEqual(expected);
  });

  it('treats an answer without the token, holder or region as an unknown outcome', () => {
    for (const data of [{}, { ecToken: 'T', idNo: '1', userName: 'x', insuOrg: '43' }, 'not json', null]) {
      expect(() => toEcIdentity({ data }, MSGID)).toThrow(expect.objectContaining({ code: 'GATEWAY_UNKNOWN_OUTCOME' }));
    }
  });

  it('recognises the national numeric format by default, a configured pattern, or none', () => {
    expect(NATIONAL_CODE_PATTERN.test('4243754826492874240001130000')).toBe(true);
    const byDefault = nationalMatcher(undefined);
    expect(['4243754826492874240001130000', '81234567890123456789', '6901234567892', 'YBV1:x'].map(byDefault)).toEqual([true, false, false, false]);
    expect(nationalMatcher({ pattern: /^EC\d{10}$/ })('EC0123456789')).toBe(true);
    expect(nationalMatcher(false)('4243754826492874240001130000')).toBe(false);
  });

  it('masks what the cashier screen shows', () => {
    expect([maskName('阿炳'), maskName('张三丰'), maskName('欧阳娜娜')]).toEqual(['阿*', '张*丰', '欧**娜']);
    expect(maskIdNo('533222199909090123')).toBe('5332**********0123');
  });
});
