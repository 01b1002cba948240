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
      // The attacker's own key, kept short so the token stays under 512 bytes.
      jwk: { kty: 'OKP', crv: 'Ed25519', x: kit.stranger.publicJwk.x },
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
    expect(await verify(`YBV1:${'A'.repeat(507)}`)).toBe('VOUCHER_MALFORMED'); // 512 bytes: parsed, not a JWS
    expect(await verify(`YBV1:${'A'.repeat(508)}`)).toBe('VOUCHER_TOO_LONG'); // 513 bytes
    expect(await verify(`YBV1:${'{'.repeat(100_000)}`)).toBe('VOUCHER_TOO_LONG');
    // 171 characters, 513 bytes of UTF-8: bytes count, not characters.
    expect(await verify(`YBV1:${'码'.repeat(170)}`)).toBe('VOUCHER_TOO_LONG');
    // A genuinely signed code padded with an unknown claim: the largest one that fits is accepted, one more byte is not.
    const sized = (pad: number) => token(headerOf(kit.ed.privateJwk), claims({ jti: `pad-${pad}-0123456789abcdef`, x: 'p'.repeat(pad) }), kit.ed.privateJwk);
    let pad = 0;
    while (Buffer.byteLength(sized(pad + 1)) <= 512) pad++;
    expect(Buffer.byteLength(sized(pad))).toBeGreaterThanOrEqual(510);
    expect(await verify(sized(pad))).toBe('accepted');
    expect(Buffer.byteLength(sized(pad + 1))).toBeGreaterThan(512);
    expect(await verify(sized(pad + 1))).toBe('VOUCHER_TOO_LONG');
  });

  it('the prefix, segment count and non-base64url characters', async () => {
    const tok = token(headerOf(kit.es.privateJwk), claims(), kit.es.privateJwk);
    const [h, p, s] = tok.slice(5).split('.') as [string, string, string];
    expect(await verify(`ybv1:${tok.slice(5)}`)).toBe('VOUCHER_MALFORMED');
    expect(await verify(tok.slice(5))).toBe('VOUCHER_MALFORMED');
    expect(await verify(` ${tok}`)).toBe('VOUCHER_MALFORMED');
    expect(await verify(`${tok}.${s}`)).toBe('VOUCHER_MALFORMED');
    expect(await verify(`YBV1:${h}.${p}`)).toBe('VOUCHER_MALFORMED');
    expect(await verify('YBV1:..')).toBe('VOUCHER_MALFORMED');
    expect(await verify('')).toBe('VOUCHER_MALFORMED');
    expect(await verifyVoucher(42 as unknown as string, at(T0)).catch((e: { code: string }) => e.code)).toBe('VOUCHER_MALFORMED');
    const std = (x: string) => x.replace(/-/g, '+').replace(/_/g, '/');
    const variants = {
      'standard base64 alphabet': `YBV1:${std(h)}+.${p}.${s}`,
      padding: `YBV1:${h}.${p}.${s}==`,
      'a space': `YBV1:${h}.${p} .${s}`,
      'a percent escape': `YBV1:${h}.${p}.${s.slice(0, -3)}%41`,
      'a trailing newline': `${tok}\n`,
      'non-canonical trailing bits': `YBV1:${h}.${p}.${s.slice(0, -1)}${String.fromCharCode(s.charCodeAt(s.length - 1) + 1)}`,
      'an impossible length': `YBV1:${h}.${p}.${s}AAA`,
      'a full-width letter': `YBV1:${h}.${p}.${s.slice(0, -1)}Ａ`,
    };
    for (const [name, text] of Object.entries(variants)) expect(await verify(text), name).toBe('VOUCHER_MALFORMED');
  });

  it('duplicate JSON keys in the header or the claims, even signed by a trusted key and even spelled with escapes', async () => {
    const key = kit.es.privateJwk;
    const payload = JSON.stringify(claims());
    expect(await verify(token('{"alg":"none","alg":"ES256","kid":"es-1","typ":"ybv+jwt"}', payload, key))).toBe('VOUCHER_MALFORMED');
    expect(await verify(token('{"alg":"ES256","kid":"es-1","typ":"ybv+jwt","kid":"es-1"}', payload, key))).toBe('VOUCHER_MALFORMED');
    const dup = `${payload.slice(0, -1)},"sub":"E4201000000000000002"}`;
    expect(await verify(token(headerOf(key), dup, key))).toBe('VOUCHER_MALFORMED');
    const escaped = `${payload.slice(0, -1)},"s\\u0075b":"E4201000000000000002"}`;
    expect(await verify(token(headerOf(key), escaped, key))).toBe('VOUCHER_MALFORMED');
    const nested = `${payload.slice(0, -1)},"act":{"sub":"E4201000000000000003","sub":"E4201000000000000004"}}`;
    expect(await verify(token(headerOf(key), nested, key))).toBe('VOUCHER_MALFORMED');
    // Not JSON, or JSON but not an object.
    expect(await verify(token(headerOf(key), `${payload} x`, key))).toBe('VOUCHER_MALFORMED');
    expect(await verify(token(headerOf(key), '[1,2]', key))).toBe('VOUCHER_MALFORMED');
    expect(await verify(token('"ES256"', payload, key))).toBe('VOUCHER_MALFORMED');
    // Invalid UTF-8 in a segment.
    const h = b64(JSON.stringify(headerOf(key)));
    const p = b64(Buffer.concat([Buffer.from(payload.slice(0, -1)), Buffer.from(',"nm":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    expect(await verify(`YBV1:${h}.${p}.${b64(rawSign(`${h}.${p}`, key))}`)).toBe('VOUCHER_MALFORMED');
  });

  it('claims of the wrong type or missing', async () => {
    const key = kit.es.privateJwk;
    const bad: Array<[string, Record<string, unknown>]> = [
      ['iat as a string', { iat: String(T0) }],
      ['exp as a float', { exp: T0 + 59.5 }],
      ['iat as a huge number', { iat: 1e300, exp: 1e300 }],
      ['sub too short', { sub: 'E42010' }],
      ['sub too long', { sub: 'E'.repeat(65) }],
      ['sub with other characters', { sub: 'E4201000000000000001/' }],
      ['sub as a number', { sub: 42010000000000 }],
      ['jti too short', { jti: 'short-jti' }],
      ['jti not base64url', { jti: 'jti 0123456789abcdef' }],
      ['use upper case', { use: 'PAY' }],
      ['use missing', { use: undefined }],
      ['reg of five digits', { reg: '42010' }],
      ['reg as a number', { reg: 420100 }],
      ['chn as an array', { chn: ['wechat'] }],
      ['chn empty', { chn: '' }],
      ['nm as a number', { nm: 3 }],
      ['act as a string', { act: 'E4201000000000000002' }],
      ['act without sub', { act: {} }],
      ['act.sub malformed', { act: { sub: 'x' } }],
      ['jti missing', { jti: undefined }],
    ];
    for (const [name, over] of bad) expect(await verify(token(headerOf(key), claims(over), key)), name).toBe('VOUCHER_BAD_CLAIMS');
    // Unknown claims are ignored and not returned.
    const ok = await verifyVoucher(token(headerOf(key), claims({ extra: { deep: [1] } }), key), at(T0));
    expect(ok.claims).not.toHaveProperty('extra');
  });

  it('exp - iat over 60 seconds, or exp before iat', async () => {
    expect(await verify(await good(kit.es, { ttl: 61 }))).toBe('VOUCHER_BAD_LIFETIME');
    expect(await verify(await good(kit.es, { ttl: 86400 }))).toBe('VOUCHER_BAD_LIFETIME');
    expect(await verify(token(headerOf(kit.es.privateJwk), claims({ exp: T0 - 1 }), kit.es.privateJwk))).toBe('VOUCHER_BAD_LIFETIME');
    expect(await verify(await good(kit.es, { ttl: 60 }))).toBe('accepted');
  });

  it('expired and not yet valid, at the edges of the skew', async () => {
    const code = await good(kit.es);
    const when = (sec: number, skewSec?: number) => outcome(verifyVoucher(code, at(sec, skewSec === undefined ? {} : { skewSec })));
    expect(await when(T0 + 60 + 10)).toBe('accepted');
    expect(await when(T0 + 60 + 11)).toBe('VOUCHER_EXPIRED');
    expect(await when(T0 + 61, 0)).toBe('VOUCHER_EXPIRED');
    expect(await when(T0 - 10)).toBe('accepted');
    expect(await when(T0 - 11)).toBe('VOUCHER_NOT_YET_VALID');
    expect(await when(T0 - 1, 0)).toBe('VOUCHER_NOT_YET_VALID');
    expect(await when(T0 + 3600 * 24 * 365)).toBe('VOUCHER_EXPIRED');
  });

  it('a frozen sub, for payment and identity alike', async () => {
    expect(await verify(await good(kit.es, { sub: FROZEN_SUB }))).toBe('VOUCHER_FROZEN');
    expect(await verify(await good(kit.ed, { sub: FROZEN_SUB, use: 'id' }), { use: 'id' })).toBe('VOUCHER_FROZEN');
  });

  it('an id code used to pay; id codes still serve identity checks, pay codes too', async () => {
    const id = await good(kit.es, { use: 'id' });
    expect(await verify(id)).toBe('VOUCHER_WRONG_USE');
    expect(await verify(id, { use: 'pay' })).toBe('VOUCHER_WRONG_USE');
    expect(await verify(id, { use: 'id' })).toBe('accepted');
    expect(await verify(await good(kit.es), { use: 'id' })).toBe('accepted');
  });

  it('a replayed jti, also inside a different token; a refused token is not recorded', async () => {
    const guard = new MemoryReplayGuard();
    const code = await good(kit.es, { jti: 'replay-0123456789abcdef' });
    expect(await verify(code, { replayGuard: guard })).toBe('accepted');
    expect(await verify(code, { replayGuard: guard })).toBe('VOUCHER_REPLAYED');
    const sameJti = await good(kit.ed, { jti: 'replay-0123456789abcdef', sub: 'E4201000000000000042' });
    expect(await verify(sameJti, { replayGuard: guard })).toBe('VOUCHER_REPLAYED');

    // Refused for another reason first: not recorded, so it is still usable where it is valid.
    const id = await good(kit.es, { use: 'id', jti: 'idcode-0123456789abcdef' });
    expect(await verify(id, { replayGuard: guard })).toBe('VOUCHER_WRONG_USE');
    expect(await verify(id, { replayGuard: guard, use: 'id' })).toBe('accepted');
    const early = await good(kit.es, { iat: T0 + 100, jti: 'early-0123456789abcdef' });
    expect(await verify(early, { replayGuard: guard })).toBe('VOUCHER_NOT_YET_VALID');
    expect(await outcome(verifyVoucher(early, at(T0 + 100, { replayGuard: guard })))).toBe('accepted');
  });

  it('checks run in section 2 order: the first failing check names the refusal', async () => {
    const guard = new MemoryReplayGuard();
    const code = await good(kit.es, { sub: FROZEN_SUB, use: 'id', jti: 'order-0123456789abcdef' });
    // Frozen and an id code: frozen (step 6) comes before use (step 7).
    expect(await verify(code, { replayGuard: guard })).toBe('VOUCHER_FROZEN');
    const used = await good(kit.es, { jti: 'order2-0123456789abcdef' });
    expect(await verify(used, { replayGuard: guard })).toBe('accepted');
    // Expired AND replayed: expired.
    expect(await outcome(verifyVoucher(used, at(T0 + 1000, { replayGuard: guard })))).toBe('VOUCHER_EXPIRED');
    // Too long AND not a voucher: too long. Bad header AND unknown key: bad header.
    expect(await verify(token({ alg: 'HS256', kid: 'nobody', typ: 'ybv+jwt' }, claims(), kit.es.privateJwk))).toBe('VOUCHER_BAD_HEADER');
    // Revoked key AND bad signature AND expired: the key check (step 3) first.
    expect(await outcome(verifyVoucher(withSignature(token(headerOf(kit.revoked.privateJwk), claims(), kit.revoked.privateJwk), new Uint8Array(64)), at(T0 + 1000)))).toBe('VOUCHER_KEY_REVOKED');
    // Bad signature AND bad claims: the signature (step 4) first.
    expect(await verify(withSignature(token(headerOf(kit.es.privateJwk), claims({ iat: 'x' }), kit.es.privateJwk), new Uint8Array(64)))).toBe('VOUCHER_BAD_SIGNATURE');
  });

  it('returns the typed claims, the kid, the alg and the exact text', async () => {
    const code = await good(kit.ed, { nm: '张*三', idm: '4201**********1234', actSub: 'E4201000000000000077', reg: '420102', chn: 'bank:0102' });
    const v = await verifyVoucher(code, at(T0));
    expect(v).toEqual({
      qrText: code,
      kid: 'ed-1',
      alg: 'EdDSA',
      claims: { iss: ISS, sub: expect.any(String), iat: T0, exp: T0 + 60, jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), use: 'pay', reg: '420102', chn: 'bank:0102', nm: '张*三', idm: '4201**********1234', act: { sub: 'E4201000000000000077' } },
    });
  });
});
