import { describe, expect, it } from 'vitest';
import { readAnswer } from '../../src/gateway/answer.js';
import { toPersonInfo } from '../../src/gateway/transactions/1101.js';
import { readSetlinfo as toSettlement } from '../../src/gateway/setlinfo.js';
import { GatewayError } from '../../src/gateway/errors.js';
import { ok, refusal, setlinfo } from './helpers/fake-gateway.js';

const MSGID = 'P42010000001202611221159590001';
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

function settle(bytes: Uint8Array) {
  return toSettlement(readAnswer(bytes, MSGID).output, MSGID);
}

describe('readAnswer', () => {
  it('reads infcode 0 as a number or a string', () => {
    expect(settle(enc(ok({ setlinfo }))).acctPayFen).toBe(2680);
    expect(settle(enc({ ...ok({ setlinfo }), infcode: '0' })).balanceFen).toBe(47320);
  });

  it('takes tries_left at the top level or in output', () => {
    for (const a of [refusal('PIN_WRONG', '错', { tries_left: 1 }), refusal('PIN_WRONG', '错', { output: { tries_left: 1 } })]) {
      try {
        readAnswer(enc(a), MSGID);
        expect.unreachable();
      } catch (e) {
        expect(e).toMatchObject({ code: 'GATEWAY_PIN_WRONG', triesLeft: 1, outcome: 'refused' });
      }
    }
  });

  it('fuzz: mutated answers either convert to exact fen or fail as a GatewayError, never anything else', () => {
    let seed = 2024;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const values: unknown[] = [null, 0, -1, 1.005, '26.8', '-1', '', 'x', [], {}, true, 1e21, '1e3', 99999999.99, '0.1', NaN];
    const base = JSON.stringify(ok({ setlinfo }));
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      let bytes: Uint8Array;
      if (i % 3 === 0) {
        // Byte-level damage: truncation or a flipped byte.
        const b = Buffer.from(base);
        if (next() % 2) bytes = b.subarray(0, next() % b.length);
        else {
          b[next() % b.length] = next() % 256;
          bytes = b;
        }
      } else {
        // Field-level damage: a field of setlinfo or of the envelope replaced or removed.
        const answer = JSON.parse(base) as Record<string, unknown> & { output: { setlinfo: Record<string, unknown> } };
        const target = next() % 4 === 0 ? answer : answer.output.setlinfo;
        const keys = Object.keys(target);
        const key = keys[next() % keys.length]!;
        if (next() % 5 === 0) delete target[key];
        else target[key] = values[next() % values.length];
        bytes = enc(answer);
      }
      try {
        const s = settle(bytes);
        for (const v of [s.totalFen, s.fundPayFen, s.acctPayFen, s.acctMulaidPayFen, s.cashFen, s.balanceFen]) {
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        seen.add('ok');
      } catch (e) {
        expect(e).toBeInstanceOf(GatewayError);
        seen.add((e as GatewayError).code);
        if ((e as GatewayError).code === 'GATEWAY_UNKNOWN_OUTCOME') expect((e as GatewayError).msgid).toBe(MSGID);
      }
    }
    expect(seen).toContain('ok');
    expect(seen).toContain('GATEWAY_UNKNOWN_OUTCOME');
  });

  it('person info with a malformed insuinfo is an unknown outcome', () => {
    const bad = ok({ baseinfo: { psn_no: 'P', psn_name: 'n', certno: 'c' }, insuinfo: [{ insutype: '310', balc: 'abc', psn_insu_stas: '1', insuplc_admdvs: '420100' }] });
    expect(() => toPersonInfo(readAnswer(enc(bad), MSGID).output, MSGID)).toThrow(expect.objectContaining({ code: 'GATEWAY_UNKNOWN_OUTCOME' }));
    const notList = ok({ baseinfo: { psn_no: 'P', psn_name: 'n', certno: 'c' }, insuinfo: 'x' });
    expect(() => toPersonInfo(readAnswer(enc(notList), MSGID).output, MSGID)).toThrow(expect.objectContaining({ code: 'GATEWAY_UNKNOWN_OUTCOME' }));
  });
});
