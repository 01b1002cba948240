import { compactDecrypt, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import { PinDigits } from '../../src/pin/digits.js';
import { sealPinBlock, sealPinDigits } from '../../src/pin/seal.js';
import { findSecretInValue } from '../helpers/find-secret.js';
import { pinKeyPair } from './keys.js';

const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
const bound = { jti: 'jti-"quoted"-1', msgid: 'M0001', amountFen: 2680 };
let keys: Awaited<ReturnType<typeof pinKeyPair>>;

beforeAll(async () => {
  keys = await pinKeyPair();
});

async function payloadOf(jwe: string): Promise<unknown> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, await importJWK(keys.privateJwk, 'ECDH-ES+A256KW'));
  expect(protectedHeader).toEqual({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', epk: expect.any(Object) });
  return JSON.parse(new TextDecoder().decode(plaintext));
}

describe('sealPinBlock', () => {
  it('seals the payload of voucher.md section 4 with iat from the injected clock', async () => {
    const jwe = await sealPinBlock('046135', { ...bound, pinKey: keys.publicJwk, now: manualClock(T0 + 999) });
    expect(jwe.split('.')).toHaveLength(5);
    expect(await payloadOf(jwe)).toEqual({ pin: '046135', jti: bound.jti, msgid: 'M0001', amt: 2680, iat: T0 / 1000 });
    // The block itself carries no readable PIN.
    expect(findSecretInValue('046135', jwe)).toEqual([]);
  });

  it('ignores private members of the key it is given', async () => {
    const jwe = await sealPinBlock('046135', { ...bound, pinKey: keys.privateJwk, now: T0 });
    expect(await payloadOf(jwe)).toMatchObject({ pin: '046135' });
  });

  it.each(['12345', '1234567', '12345a', '１２３４５６', '', ' 123456', '12 456', '-12345', '123456\n'])(
    'refuses %j with PIN_FORMAT and no digit in the error',
    async (pin) => {
      const err = (await sealPinBlock(pin, { ...bound, pinKey: keys.publicJwk, now: T0 }).catch((e: unknown) => e)) as Error & { code: string };
      expect(err.code).toBe('PIN_FORMAT');
      const digits = pin.replace(/[^0-9]/g, '');
      const text = `${err.message} ${JSON.stringify(err)}`;
      if (digits.length >= 2) expect(`${text} ${String(err.stack)}`).not.toContain(digits);
      // No run of digits at all in what the cashier or a log would see.
      expect(text).not.toMatch(/[0-9]{2,}/);
    },
  );

  it('refuses fuzzed non-PINs and accepts every 6-digit string', async () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 200; i++) {
      const len = Math.floor(rnd() * 9);
      let s = '';
      for (let j = 0; j < len; j++) s += String.fromCharCode(rnd() < 0.8 ? 0x30 + Math.floor(rnd() * 10) : Math.floor(rnd() * 0x3000));
      const valid = /^[0-9]{6}$/.test(s);
      const out = await sealPinBlock(s, { ...bound, pinKey: keys.publicJwk, now: T0 }).then(
        (jwe) => ({ ok: true, jwe }),
        (e: unknown) => ({ ok: false, code: (e as { code: string }).code }),
      );
      if (valid) expect(out.ok).toBe(true);
      else expect(out).toEqual({ ok: false, code: 'PIN_FORMAT' });
    }
  });

  it('seals from a digit buffer that is wiped afterwards', async () => {
    const digits = new PinDigits();
    for (const c of '918273') digits.push(c.charCodeAt(0));
    let lent: Uint8Array | undefined;
    const jwe = await digits.consume((d) => {
      lent = d;
      return sealPinDigits(d, { ...bound, pinKey: keys.publicJwk, now: T0 });
    });
    expect(await payloadOf(jwe)).toMatchObject({ pin: '918273' });
    expect(digits.length).toBe(0);
    expect(Array.from(lent ?? [1])).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('refuses a bad amount or empty ids as programming errors', async () => {
    await expect(sealPinBlock('123456', { ...bound, amountFen: 26.8, pinKey: keys.publicJwk })).rejects.toThrow(TypeError);
    await expect(sealPinBlock('123456', { ...bound, msgid: '', pinKey: keys.publicJwk })).rejects.toThrow(TypeError);
  });
});
