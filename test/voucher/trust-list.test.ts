/**
 * verifyTrustList beyond the happy path: lists genuinely signed by the root
 * whose claims are malformed (a private key inside, a duplicated `seq`…), a
 * voucher passed off as a trust list, an EdDSA root, and a fuzz of mutated
 * lists that must always end in a TRUST_* VoucherError.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/error-code.js';
import { generateSigningKey } from '../../src/sim/issuer/keys.js';
import { makeTrustList } from '../../src/sim/issuer/trust-list.js';
import { VoucherError } from '../../src/voucher/errors.js';
import { verifyTrustList } from '../../src/voucher/trust-list.js';
import type { TrustedKey } from '../../src/voucher/types.js';
import { b64, good, makeKit, rawSign, T0, type Kit } from './helpers.js';

let kit: Kit;
beforeAll(async () => {
  kit = await makeKit();
});

const clock = () => T0 * 1000;
const header = JSON.stringify({ alg: 'ES256', kid: 'root-1', typ: 'ybtl+jwt' });
/** A list signed by the real root over exactly `claimsText`. */
const signed = (claimsText: string, headerText = header): string => {
  const input = `${b64(headerText)}.${b64(claimsText)}`;
  return `${input}.${b64(rawSign(input, kit.root.privateJwk))}`;
};
const base = () => ({ iss: 'nhsa-root', iat: T0, exp: T0 + 86400, seq: 3, keys: [{ ...kit.es.publicJwk, iss: 'nhsa' }], revoked: [], frozen: [] as string[] });

describe('verifyTrustList: signed by the root, but malformed', () => {
  it('accepts the honest construction (so each refusal below is the defect)', async () => {
    expect(await codeOf(verifyTrustList(signed(JSON.stringify(base())), kit.root.publicJwk, { clock }))).toBe('ok');
  });

  it('refuses malformed claims with TRUST_MALFORMED', async () => {
    const es = kit.es.publicJwk;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['seq as a string', { seq: '4' }],
      ['seq as a float', { seq: 4.5 }],
      ['exp missing', { exp: undefined }],
      ['iss missing', { iss: undefined }],
      ['keys not an array', { keys: { es } }],
      ['a private key inside', { keys: [{ ...kit.es.privateJwk, iss: 'nhsa' }] }],
      ['a key without iss', { keys: [{ ...es }] }],
      ['a key without kid', { keys: [{ ...es, kid: undefined, iss: 'nhsa' }] }],
      ['an EC key claiming EdDSA', { keys: [{ ...es, alg: 'EdDSA', iss: 'nhsa' }] }],
      ['an RSA key', { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'r', alg: 'RS256', iss: 'nhsa' }] }],
      ['an HS256 secret', { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'h', alg: 'HS256', iss: 'nhsa' }] }],
      ['key nbf as a string', { keys: [{ ...es, iss: 'nhsa', nbf: String(T0) }] }],
      ['revoked with a number', { revoked: [1] }],
      ['frozen not an array', { frozen: 'E4201000000000000001' }],
      ['a private PIN key', { pinKey: { ...kit.es.privateJwk, alg: 'ECDH-ES+A256KW' } }],
      ['an Ed25519 PIN key', { pinKey: kit.ed.publicJwk }],
      ['the claims as an array', { __array: true }],
    ];
    for (const [name, over] of cases) {
      const claims = '__array' in over ? [base()] : JSON.parse(JSON.stringify({ ...base(), ...over })); // drops undefined members
      expect(await codeOf(verifyTrustList(signed(JSON.stringify(claims)), kit.root.publicJwk, { clock })), name).toBe('TRUST_MALFORMED');
    }
  });

  it('refuses a duplicated member (e.g. a second, higher seq that JSON.parse would keep)', async () => {
    const text = JSON.stringify(base());
    expect(await codeOf(verifyTrustList(signed(`${text.slice(0, -1)},"seq":999}`), kit.root.publicJwk, { clock }))).toBe('TRUST_MALFORMED');
    expect(await codeOf(verifyTrustList(signed(text, '{"alg":"ES256","kid":"root-1","typ":"ybtl+jwt","typ":"ybtl+jwt"}'), kit.root.publicJwk, { clock }))).not.toBe('ok');
  });

  it('refuses other header shapes and a voucher passed off as a trust list', async () => {
    const text = JSON.stringify(base());
    for (const h of [
      { alg: 'ES256', kid: 'root-1', typ: 'ybv+jwt' },
      { alg: 'ES256', kid: 'root-1' },
      { alg: 'ES256', kid: 'other-root', typ: 'ybtl+jwt' },
      { alg: 'ES256', kid: 'root-1', typ: 'ybtl+jwt', jwk: kit.root.publicJwk },
      { alg: 'ES256', kid: 'root-1', typ: 'ybtl+jwt', crit: ['exp'] },
      { alg: 'HS256', kid: 'root-1', typ: 'ybtl+jwt' },
    ]) {
      expect(await codeOf(verifyTrustList(signed(text, JSON.stringify(h)), kit.root.publicJwk, { clock })), JSON.stringify(h)).toMatch(/^TRUST_(BAD_SIGNATURE|MALFORMED)$/);
    }
    // A genuine voucher is a compact JWS too, but never a trust list.
    const voucher = (await good(kit.es)).slice(5);
    expect(await codeOf(verifyTrustList(voucher, kit.root.publicJwk, { clock }))).toBe('TRUST_BAD_SIGNATURE');
    expect(await codeOf(verifyTrustList(voucher, kit.es.publicJwk, { clock }))).toMatch(/^TRUST_(BAD_SIGNATURE|MALFORMED)$/);
  });

  it('works with an EdDSA root, and a root pinned without kid', async () => {
    const root = await generateSigningKey('EdDSA', 'root-ed');
    const jws = await makeTrustList({ rootKey: root.privateJwk, iss: 'r', seq: 1, iat: T0, exp: T0 + 10, keys: [{ ...kit.ed.publicJwk, iss: 'nhsa' } as TrustedKey] });
    expect((await verifyTrustList(jws, root.publicJwk, { clock })).keys.map((k) => k.kid)).toEqual(['ed-1']);
    const { kid: _kid, ...noKid } = root.publicJwk;
    expect(await codeOf(verifyTrustList(jws, noKid, { clock }))).toBe('ok');
    expect(await codeOf(verifyTrustList(jws, kit.root.publicJwk, { clock }))).toBe('TRUST_BAD_SIGNATURE');
  });
});

describe('verifyTrustList fuzz', () => {
  it('mutated lists (bit flips, truncation, random bytes and segments) always end in a TRUST_* VoucherError', async () => {
    const valid = kit.trustJws;
    let seed = 0x5eed;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/= \n{}"';
    const mutations: Array<(s: string) => string> = [
      (s) => {
        const i = rnd(s.length);
        return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << rnd(7))) + s.slice(i + 1);
      },
      (s) => s.slice(0, rnd(s.length)),
      (s) => {
        const i = rnd(s.length);
        return s.slice(0, i) + alphabet[rnd(alphabet.length)]! + s.slice(i + 1);
      },
      (s) => {
        const parts = s.split('.');
        parts[rnd(3)] = b64(Buffer.from(Array.from({ length: rnd(200) }, () => rnd(256))));
        return parts.join('.');
      },
      (s) => {
        const parts = s.split('.');
        const i = rnd(3);
        parts[i] = b64(Buffer.from(parts[i]!, 'base64url').toString('latin1').replace(/[0-9]/, String(rnd(10))));
        return parts.join('.');
      },
      (s) => s.split('.').slice(0, 1 + rnd(3)).join('.') + '.'.repeat(rnd(3)),
    ];
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 600; i++) {
      const mutated = mutations[rnd(mutations.length)]!(valid);
      const code = await codeOf(verifyTrustList(mutated, kit.root.publicJwk, { clock }));
      if (mutated.trim() === valid.trim()) expect(code).toBe('ok');
      else if (code !== 'ok') expect(code, mutated).toMatch(/^TRUST_(BAD_SIGNATURE|MALFORMED|EXPIRED)$/);
      else expect(mutated.trim(), 'only whitespace around the list may change and still verify').toBe(valid);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    }
    expect(outcomes.get('TRUST_BAD_SIGNATURE')).toBeGreaterThan(50);
    expect(outcomes.get('TRUST_MALFORMED')).toBeGreaterThan(50);
  });
});
