import { describe, expect, it } from 'vitest';
import { GATEWAY_ERR_CODES, GATEWAY_MESSAGES, GatewayError } from '../../src/gateway/errors.js';
import { YibaoError } from '../../src/lib/errors.js';

describe('GatewayError', () => {
  it('has a zh/en message for every spec err_code', () => {
    for (const errCode of GATEWAY_ERR_CODES) {
      const code = GatewayError.codeFor(errCode);
      expect(code).toBe(`GATEWAY_${errCode}`);
      expect(GATEWAY_MESSAGES[code].zh.length).toBeGreaterThan(4);
      expect(GATEWAY_MESSAGES[code].en.length).toBeGreaterThan(4);
    }
  });

  it('maps an unknown err_code to GATEWAY_REFUSED', () => {
    expect(GatewayError.codeFor('SOMETHING_NEW')).toBe('GATEWAY_REFUSED');
    expect(GatewayError.codeFor(undefined)).toBe('GATEWAY_REFUSED');
    expect(GatewayError.codeFor('constructor')).toBe('GATEWAY_REFUSED');
  });

  it('carries outcome and the gateway facts', () => {
    const e = new GatewayError('GATEWAY_PIN_WRONG', { errCode: 'PIN_WRONG', errMsg: '密码错误', msgid: 'm', triesLeft: 2, httpStatus: 200 });
    expect(e.outcome).toBe('refused');
    expect(e.triesLeft).toBe(2);
    expect(e.errMsg).toBe('密码错误');
    expect(YibaoError.is(e)).toBe(true);
    expect(e.name).toBe('GatewayError');
    expect(new GatewayError('GATEWAY_UNKNOWN_OUTCOME').outcome).toBe('unknown');
    expect(new GatewayError('GATEWAY_UNREACHABLE').outcome).toBe('refused');
  });
});
