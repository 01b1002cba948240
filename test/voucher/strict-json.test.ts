import { describe, expect, it } from 'vitest';
import { parseStrictJson, StrictJsonError } from '../../src/voucher/strict-json.js';

describe('parseStrictJson', () => {
  it('parses like JSON.parse', () => {
    for (const t of ['{}', '[]', '{"a":[1,2.5e3,-0,true,false,null,"\\u4e2d\\n"]}', ' {"a" : {"b":{}} } ', '"s"', '0']) {
      expect(parseStrictJson(t)).toEqual(JSON.parse(t));
    }
  });
  it('refuses duplicate keys at any depth, including escaped spellings', () => {
    for (const t of ['{"a":1,"a":2}', '{"x":{"b":1,"b":1}}', '[{"k":1,"k":1}]', '{"alg":"ES256","\\u0061lg":"none"}']) {
      expect(() => parseStrictJson(t)).toThrow(StrictJsonError);
    }
    expect(parseStrictJson('{"a":{"a":1}}')).toEqual({ a: { a: 1 } });
  });
  it('keeps __proto__ as data', () => {
    const v = parseStrictJson('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(v)).toEqual(['__proto__']);
  });
  it('fuzz: agrees with JSON.parse whenever there are no duplicate keys', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    const pieces = ['{', '}', '[', ']', ',', ':', '"a"', '"b"', '1', '-2.5', 'true', 'null', ' ', '"\\"', '"\\u00"', '01', '1e5', 'tru'];
    for (let i = 0; i < 20000; i++) {
      const t = Array.from({ length: 1 + rnd(12) }, () => pieces[rnd(pieces.length)]).join('');
      let expected: unknown;
      let ok = true;
      try {
        expected = JSON.parse(t);
      } catch {
        ok = false;
      }
      if (!ok) {
        expect(() => parseStrictJson(t), t).toThrow(StrictJsonError);
        continue;
      }
      try {
        expect(parseStrictJson(t), t).toEqual(expected);
      } catch (err) {
        expect(err, t).toBeInstanceOf(StrictJsonError);
        expect((err as Error).message, t).toMatch(/duplicate key/);
      }
    }
  });
});
