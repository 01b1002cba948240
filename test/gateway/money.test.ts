import { describe, expect, it } from 'vitest';
import { codeOfCall } from '../helpers/error-code.js';
import { fenToYuan, yuanToFen } from '../../src/gateway/money.js';
import { GatewayError } from '../../src/gateway/errors.js';


describe('yuanToFen', () => {
  it.each([
    ['0.01', 1],
    [0.01, 1],
    ['0.1', 10],
    ['26.8', 2680],
    [26.8, 2680],
    ['26.80', 2680],
    ['26', 2600],
    [26, 2600],
    [0, 0],
    [-0, 0],
    ['0.00', 0],
    ['99999999.99', 9999999999],
    [99999999.99, 9999999999],
    [1e3, 100000],
    [0.29, 29],
    [1.15, 115],
    [4.35, 435],
  ] as const)('%s yuan is %i fen', (value, fen) => {
    expect(yuanToFen(value)).toBe(fen);
  });

  it.each([
    ['-1'],
    [-1],
    [-0.01],
    ['1.001'],
    [1.001],
    ['1e3'],
    ['1E3'],
    [''],
    [' '],
    [' 1.00'],
    ['1.00 '],
    ['1 00'],
    [NaN],
    [Infinity],
    [-Infinity],
    [0.1 + 0.2],
    ['01.00'],
    ['1.'],
    ['.5'],
    ['+1'],
    ['0x10'],
    ['１２'],
    ['1,00'],
    [1e21],
    ['99999999999999.99'],
  ] as const)('%j is GATEWAY_AMOUNT_INVALID', (value) => {
    expect(codeOfCall(() => yuanToFen(value as string | number))).toBe('GATEWAY_AMOUNT_INVALID');
  });

  it('refuses non-string, non-number values', () => {
    expect(codeOfCall(() => yuanToFen(null as unknown as string))).toBe('GATEWAY_AMOUNT_INVALID');
    expect(codeOfCall(() => yuanToFen({} as unknown as string))).toBe('GATEWAY_AMOUNT_INVALID');
    expect(codeOfCall(() => yuanToFen(10n as unknown as string))).toBe('GATEWAY_AMOUNT_INVALID');
  });

  it('takes negatives only when signed', () => {
    expect(yuanToFen('-26.80', { signed: true })).toBe(-2680);
    expect(yuanToFen(-0.5, { signed: true })).toBe(-50);
    expect(yuanToFen('-0.00', { signed: true })).toBe(0);
    expect(codeOfCall(() => yuanToFen('--1', { signed: true }))).toBe('GATEWAY_AMOUNT_INVALID');
  });

  it('is refused as a refusal, not an unknown outcome', () => {
    try {
      yuanToFen('x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GatewayError);
      expect((e as GatewayError).outcome).toBe('refused');
    }
  });
});

describe('fenToYuan', () => {
  it.each([
    [1, '0.01'],
    [10, '0.10'],
    [2680, '26.80'],
    [0, '0.00'],
    [9999999999, '99999999.99'],
    [-50, '-0.50'],
    [-2680, '-26.80'],
  ])('%i fen is %s', (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
  });

  it.each([[0.5], [NaN], [Infinity], [Number.MAX_SAFE_INTEGER + 1]])('%s is refused', (fen) => {
    expect(codeOfCall(() => fenToYuan(fen))).toBe('GATEWAY_AMOUNT_INVALID');
  });

  it('round-trips every fen value in a wide random sample, as string and as number', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20000; i++) {
      const fen = i < 10000 ? i : next() * 4 + (next() % 4);
      const text = fenToYuan(fen);
      expect(yuanToFen(text)).toBe(fen);
      expect(yuanToFen(Number(text))).toBe(fen);
    }
  });

  it('fuzz: random strings either parse to a value that prints back the same, or are refused', () => {
    const alphabet = '0123456789.-e+ ,x';
    let seed = 99;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20000; i++) {
      const len = 1 + (next() % 10);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[next() % alphabet.length];
      let fen: number | undefined;
      try {
        fen = yuanToFen(s);
      } catch (e) {
        expect((e as GatewayError).code).toBe('GATEWAY_AMOUNT_INVALID');
        continue;
      }
      expect(Number.isSafeInteger(fen) && fen >= 0).toBe(true);
      // Canonical form equals the input up to trailing decimal zeros.
      const canon = fenToYuan(fen);
      expect(Number(canon)).toBe(Number(s));
    }
  });
});
