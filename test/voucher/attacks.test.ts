/**
 * Every attack of the "Foundation" issue, each built as a hostile token and
 * refused by verifyVoucher with its code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplayGuard } from '../../src/voucher/replay/memory.js';
import type { VerifyOptions } from '../../src/voucher/types.js';
import { verifyVoucher } from '../../src/voucher/verify.js';
import { b64, claims, FROZEN_SUB, good, headerOf, hmacToken, ISS, makeKit, OTHER_ISS, outcome, rawSign, T0, token, withSignature, type Kit } from './helpers.js';

let kit: Kit;
beforeAll(async () => {
  kit = await makeKit();
});

const at = (sec: number, over: Partial<VerifyOptions> = {}): VerifyOptions => ({ trust: kit.trust, clock: () => sec * 1000, ...over });
const verify = (text: string, over: Partial<VerifyOptions> = {}) => outcome(verifyVoucher(text, at(T0, over)));

describe('hostile tokens', () => {
  it('baseline: the same construction with honest values is accepted (so each refusal below is the attack)', async () => {
    expect(await verify(token(headerOf(kit.es.privateJwk), claims(), kit.es.privateJwk))).toBe('accepted');
    expect(await verify(token(headerOf(kit.ed.privateJwk), claims(), kit.ed.privateJwk))).toBe('accepted');
  });

  it('alg none, with and without a signature', async () => {
    const h = b64(JSON.stringify({ alg: 'none', kid: 'es-1', typ: 'ybv+jwt' }));
    const p = b64(JSON.stringify(claims()));
    expect(await verify(`YBV1:${h}.${p}.`)).toBe('VOUCHER_MALFORMED');
    expect(await verify(`YBV1:${h}.${p}.${b64('x')}`)).toBe('VOUCHER_BAD_HEADER');
    expect(await verify(token({ alg: 'none', kid: 'es-1', typ: 'ybv+jwt' }, claims(), kit.es.privateJwk))).toBe('VOUCHER_BAD_HEADER');
  });

  it('HS256 keyed with the public key bytes, and other algorithms', async () => {
    const pub = kit.es.publicJwk;
    for (const secret of [Buffer.from(JSON.stringify(pub)), Buffer.from(pub.x!, 'base64url'), Buffer.concat([Buffer.from([4]), Buffer.from(pub.x!, 'base64url'), Buffer.from(pub.y!, 'base64url')])]) {
      expect(await verify(hmacToken({ alg: 'HS256', kid: 'es-1', typ: 'ybv+jwt' }, claims(), secret))).toBe('VOUCHER_BAD_HEADER');
    }
    for (const alg of ['RS256', 'ES384', 'ES256K', 'Ed25519', 'PS256', 'es256', '']) {
      expect(await verify(token({ alg, kid: 'es-1', typ: 'ybv+jwt' }, claims(), kit.es.privateJwk)), alg).toBe('VOUCHER_BAD_HEADER');
    }
  });

  it('embedded jwk, jku, x5u, x5c, crit, b64 and any other extra header field', async () => {
    const attacker = kit.stranger;
    const extra: Record<string, unknown> = {
      jwk: attacker.publicJwk,
      jku: 'https://evil.example/jwks.json',
      x5u: 'https://evil.example/cert.pem',
      x5c: ['MIIB'],
      crit: ['b64'],
      b64: false,
      cty: 'JWT',
      zip: 'DEF',
    };
    for (const [field, value] of Object.entries(extra)) {
      // Signed by the attacker's key, which the header points to…
      expect(await verify(token({ ...headerOf(attacker.privateJwk), [field]: value }, claims(), attacker.privateJwk)), field).toBe('VOUCHER_BAD_HEADER');
      // …and even signed by the trusted key: keys come from the trust list alone.
      expect(await verify(token({ ...headerOf(kit.es.privateJwk), [field]: value }, claims(), kit.es.privateJwk)), field).toBe('VOUCHER_BAD_HEADER');
    }
    expect(await verify(token({ alg: 'ES256', typ: 'ybv+jwt' }, claims(), kit.es.privateJwk))).toBe('VOUCHER_BAD_HEADER');
    expect(await verify(token({ alg: 'ES256', kid: 'es-1' }, claims(), kit.es.privateJwk))).toBe('VOUCHER_BAD_HEADER');
    expect(await verify(token({ alg: 'ES256', kid: 'es-1', typ: 'JWT' }, claims(), kit.es.privateJwk))).toBe('VOUCHER_BAD_HEADER');
    expect(await verify(token({ alg: 'ES256', kid: 7, typ: 'ybv+jwt' }, claims(), kit.es.privateJwk))).toBe('VOUCHER_BAD_HEADER');
  });

  it('a key the trust list does not hold, even with a trusted kid name but another key', async () => {
    expect(await verify(token({ alg: 'ES256', kid: 'nobody', typ: 'ybv+jwt' }, claims(), kit.stranger.privateJwk))).toBe('VOUCHER_UNKNOWN_KEY');
    // The stranger calls its key "es-1": the kid resolves to the real key, whose signature check fails.
    expect(await verify(token(headerOf(kit.stranger.privateJwk), claims(), kit.stranger.privateJwk))).toBe('VOUCHER_BAD_SIGNATURE');
  });

  it('a kid of another issuer (issuer/key mismatch), both ways', async () => {
    expect(await verify(token(headerOf(kit.other.privateJwk), claims({ iss: ISS }), kit.other.privateJwk))).toBe('VOUCHER_ISSUER_MISMATCH');
    expect(await verify(token(headerOf(kit.es.privateJwk), claims({ iss: OTHER_ISS }), kit.es.privateJwk))).toBe('VOUCHER_ISSUER_MISMATCH');
    // The other issuer's key with its own iss is fine.
    expect(await verify(token(headerOf(kit.other.privateJwk), claims({ iss: OTHER_ISS }), kit.other.privateJwk))).toBe('accepted');
  });

  it('a revoked key, an expired key and a key not valid yet', async () => {
    expect(await verify(token(headerOf(kit.revoked.privateJwk), claims(), kit.revoked.privateJwk))).toBe('VOUCHER_KEY_REVOKED');
    expect(await verify(token(headerOf(kit.expired.privateJwk), claims(), kit.expired.privateJwk))).toBe('VOUCHER_KEY_EXPIRED');
    expect(await verify(token(headerOf(kit.future.privateJwk), claims(), kit.future.privateJwk))).toBe('VOUCHER_KEY_EXPIRED');
    // The future key works once its nbf has come (with a code drawn then).
    const later = T0 + 1000;
    expect(await outcome(verifyVoucher(token(headerOf(kit.future.privateJwk), claims({ iat: later, exp: later + 60 }), kit.future.privateJwk), at(later)))).toBe('accepted');
  });

  it('a key never verifies another alg: ES256 header with the EdDSA key id and the reverse', async () => {
    expect(await verify(token({ alg: 'ES256', kid: 'ed-1', typ: 'ybv+jwt' }, claims(), kit.es.privateJwk))).toBe('VOUCHER_BAD_SIGNATURE');
    expect(await verify(token({ alg: 'EdDSA', kid: 'es-1', typ: 'ybv+jwt' }, claims(), kit.ed.privateJwk))).toBe('VOUCHER_BAD_SIGNATURE');
  });

  it('ECDSA r = s = 0 and other malformed signatures', async () => {
    const tok = token(headerOf(kit.es.privateJwk), claims(), kit.es.privateJwk);
    const sig = Buffer.from(tok.slice(tok.lastIndexOf('.') + 1), 'base64url');
    const n = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
    const r = sig.subarray(0, 32);
    const s = sig.subarray(32);
    const cases: Record<string, Uint8Array> = {
      'r = s = 0': new Uint8Array(64),
      'r = 0': Buffer.concat([Buffer.alloc(32), s]),
      's = 0': Buffer.concat([r, Buffer.alloc(32)]),
      'r = s = n': Buffer.concat([n, n]),
      'all ones': Buffer.alloc(64, 0xff),
      'one byte short': sig.subarray(0, 63),
      'one byte long': Buffer.concat([sig, Buffer.from([0])]),
      'r and s swapped': Buffer.concat([s, r]),
      'a flipped bit': Buffer.from(sig.map((b, i) => (i === 10 ? b ^ 1 : b))),
      empty: new Uint8Array(0),
    };
    for (const [name, bad] of Object.entries(cases)) {
      expect(await verify(withSignature(tok, bad)), name).toMatch(/^VOUCHER_(BAD_SIGNATURE|MALFORMED)$/);
    }
    expect(await verify(withSignature(tok, new Uint8Array(64)))).toBe('VOUCHER_BAD_SIGNATURE');
    const ed = token(headerOf(kit.ed.privateJwk), claims(), kit.ed.privateJwk);
    expect(await verify(withSignature(ed, new Uint8Array(64)))).toBe('VOUCHER_BAD_SIGNATURE');
    expect(await verify(withSignature(ed, new Uint8Array(32)))).toBe('VOUCHER_BAD_SIGNATURE');
  });

  it('a DER-encoded ECDSA signature of the right message', async () => {
    const der = token(headerOf(kit.es.privateJwk), claims(), kit.es.privateJwk, { der: true });
    const sig = Buffer.from(der.slice(der.lastIndexOf('.') + 1), 'base64url');
    expect(sig[0]).toBe(0x30); // really DER
    expect(await verify(der)).toBe('VOUCHER_BAD_SIGNATURE');
  });

  it('a token over 512 bytes is refused before parsing; 512 and under is judged on its merits', async () => {
    expect(await verify(`YBV1:${'A'.repeat(508)}`)).toBe('VOUCHER_MALFORMED'); // 513 chars? no: 5 + 508 = 513
  });
});
