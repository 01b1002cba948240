#!/usr/bin/env node
// Writes fixtures/voucher/*: test-only keys, a trust list and valid and
// hostile voucher tokens, each with its expected outcome at a fixed `now`
// (fixtures/voucher/cases.json). Standalone (jose + node:crypto), so the
// hostile tokens are built byte by byte, independently of the issuer code.
//
//   node scripts/make-fixtures.mjs [OUT_DIR]
import { createHmac, randomBytes, sign as nodeSign } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompactSign, exportJWK, generateKeyPair, importJWK } from 'jose';

/** 2026-01-01T00:00:00Z: every case is judged at this instant. */
export const NOW = 1767225600;
const ISS = 'nhsa';
const b64u = (x) => Buffer.from(typeof x === 'string' ? x : x).toString('base64url');

async function pair(alg, kid, extra = {}) {
  const p = await generateKeyPair(alg === 'EdDSA' ? 'Ed25519' : alg, { extractable: true, ...(alg === 'ECDH-ES+A256KW' ? { crv: 'P-256' } : {}) });
  const common = { kid, alg, ...extra };
  return { privateJwk: { ...(await exportJWK(p.privateKey)), ...common }, publicJwk: { ...(await exportJWK(p.publicKey)), ...common } };
}

/** Signs raw header and payload TEXT (so duplicate keys and odd headers survive). */
export function signRaw(headerText, payloadText, privateJwk, alg = privateJwk.alg) {
  const input = `${b64u(headerText)}.${b64u(payloadText)}`;
  const key = { key: privateJwk, format: 'jwk' };
  const sig = alg === 'EdDSA' ? nodeSign(null, Buffer.from(input), key) : lowS(nodeSign('sha256', Buffer.from(input), { ...key, dsaEncoding: 'ieee-p1363' }));
  return { input, sig };
}

/** The order of P-256: issuers sign with the low s of (r, s) / (r, n - s); terminals refuse the high one. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const flipS = (sig) => Buffer.concat([sig.subarray(0, 32), Buffer.from((P256_N - BigInt(`0x${sig.subarray(32).toString('hex')}`)).toString(16).padStart(64, '0'), 'hex')]);
const lowS = (sig) => (BigInt(`0x${sig.subarray(32).toString('hex')}`) > P256_N >> 1n ? flipS(sig) : sig);

const claims = (over = {}) => ({ iss: ISS, sub: 'SUB0000000000001', iat: NOW - 5, exp: NOW + 55, jti: b64u(randomBytes(16)), use: 'pay', reg: '420100', chn: 'wechat', nm: '张*三', ...over });
const header = (key, over = {}) => ({ alg: key.publicJwk.alg, kid: key.publicJwk.kid, typ: 'ybv+jwt', ...over });
const token = (h, c, key) => {
  const { input, sig } = signRaw(typeof h === 'string' ? h : JSON.stringify(h), typeof c === 'string' ? c : JSON.stringify(c), key.privateJwk);
  return `YBV1:${input}.${b64u(sig)}`;
};
const withSig = (tok, sig) => `${tok.slice(0, tok.lastIndexOf('.'))}.${b64u(sig)}`;

/** DER encoding of a raw r||s ECDSA signature. */
function toDer(raw) {
  const int = (b) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let v = b.subarray(i);
    if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

export async function buildFixtures() {
  const keys = {
    root: await pair('ES256', 'root-1'),
    issuerEs: await pair('ES256', 'iss-es-1'),
    issuerEd: await pair('EdDSA', 'iss-ed-1'),
    other: await pair('ES256', 'bank-es-1'),
    revoked: await pair('ES256', 'iss-es-revoked'),
    old: await pair('ES256', 'iss-es-old'),
    future: await pair('EdDSA', 'iss-ed-next'),
    pin: await pair('ECDH-ES+A256KW', 'pin-1', { use: 'enc' }),
  };
  const entry = (k, iss, extra = {}) => ({ ...k.publicJwk, iss, ...extra });
  const trustClaims = {
    iss: 'nhsa-root', iat: NOW - 3600, exp: NOW + 30 * 86400, seq: 1,
    keys: [entry(keys.issuerEs, ISS), entry(keys.issuerEd, ISS), entry(keys.other, 'bank-x'), entry(keys.revoked, ISS), entry(keys.old, ISS, { exp: NOW - 100 }), entry(keys.future, ISS, { nbf: NOW + 3600 })],
    revoked: ['iss-es-revoked'], frozen: ['FROZEN000001'], pinKey: keys.pin.publicJwk,
  };
  const rootKey = await importJWK(keys.root.privateJwk, 'ES256');
  const trust = await new CompactSign(Buffer.from(JSON.stringify(trustClaims))).setProtectedHeader({ alg: 'ES256', kid: 'root-1', typ: 'ybtl+jwt' }).sign(rootKey);

  const es = keys.issuerEs;
  const ed = keys.issuerEd;
  const valid = token(header(es), claims(), es);
  const sigOf = (tok) => Buffer.from(tok.slice(tok.lastIndexOf('.') + 1), 'base64url');
  const [vh, vp] = valid.slice(5).split('.');
  const flipped = Buffer.from(sigOf(valid));
  flipped[10] ^= 1;
  const zero32 = Buffer.alloc(32);
  const hsInput = `${b64u(JSON.stringify(header(es, { alg: 'HS256' })))}.${vp}`;
  const hsSig = createHmac('sha256', Buffer.from(JSON.stringify(es.publicJwk))).update(hsInput).digest();
  const noneInput = `${b64u(JSON.stringify(header(es, { alg: 'none' })))}.${vp}`;

  const c = [];
  const add = (name, tok, expect, more = {}) => c.push({ name, token: tok, expect, ...more });
  add('valid-es256', valid, 'ok');
  add('valid-eddsa', token(header(ed), claims(), ed), 'ok');
  add('valid-family-actor', token(header(ed), claims({ sub: 'CHILD0000000001', act: { sub: 'SUB0000000000001' } }), ed), 'ok');
  add('valid-id-code-for-id-check', token(header(es), claims({ use: 'id' }), es), 'ok', { use: 'id' });
  add('valid-unknown-claims-ignored', token(header(es), claims({ extra: [1, 2] }), es), 'ok');
  add('valid-at-end-of-skew', token(header(es), claims({ iat: NOW - 70, exp: NOW - 10 }), es), 'ok');
  add('too-long-before-parsing', `YBV1:${'!'.repeat(600)}`, 'VOUCHER_TOO_LONG');
  add('too-long-valid-shape', token(header(es), claims({ nm: 'x'.repeat(30), idm: 'y'.repeat(60), chn: 'z'.repeat(60), extra: 'w'.repeat(200) }), es), 'VOUCHER_TOO_LONG');
  add('no-prefix', valid.slice(5), 'VOUCHER_MALFORMED');
  add('lower-case-prefix', `ybv1:${valid.slice(5)}`, 'VOUCHER_MALFORMED');
  add('two-segments', `YBV1:${vh}.${vp}`, 'VOUCHER_MALFORMED');
  add('four-segments', `${valid}.AAAA`, 'VOUCHER_MALFORMED');
  add('non-base64url-plus', `YBV1:${vh}.${vp.slice(0, -1)}+.${sigOf(valid).toString('base64url')}`, 'VOUCHER_MALFORMED');
  add('base64-padding', `${valid}==`, 'VOUCHER_MALFORMED');
  add('alg-none-empty-signature', `YBV1:${noneInput}.`, 'VOUCHER_MALFORMED');
  add('alg-none', `YBV1:${noneInput}.${b64u('x')}`, 'VOUCHER_BAD_HEADER');
  add('hs256-with-public-key', `YBV1:${hsInput}.${b64u(hsSig)}`, 'VOUCHER_BAD_HEADER');
  add('rs256', token(header(es, { alg: 'RS256' }), claims(), es), 'VOUCHER_BAD_HEADER');
  // An embedded key of the attacker's choosing (short OKP so the code stays under 512 bytes).
  const { kty, crv, x } = ed.publicJwk;
  add('header-jwk', token(header(ed, { jwk: { kty, crv, x } }), claims({ nm: undefined, chn: 'x' }), ed), 'VOUCHER_BAD_HEADER');
  for (const [f, v] of [ ['jku', 'https://evil.example/jwks'], ['x5u', 'https://evil.example/cert'], ['x5c', ['MIIB']], ['crit', ['exp']], ['b64', false]]) {
    add(`header-${f}`, token(header(es, { [f]: v }), claims(), es), 'VOUCHER_BAD_HEADER');
  }
  add('header-missing-typ', token({ alg: 'ES256', kid: es.publicJwk.kid }, claims(), es), 'VOUCHER_BAD_HEADER');
  add('header-wrong-typ', token(header(es, { typ: 'JWT' }), claims(), es), 'VOUCHER_BAD_HEADER');
  add('duplicate-key-header', token(`{"alg":"ES256","kid":"iss-es-1","typ":"ybv+jwt","alg":"ES256"}`, claims(), es), 'VOUCHER_MALFORMED');
  add('duplicate-key-payload', token(header(es), JSON.stringify(claims()).replace('{', '{"sub":"FROZEN000001",'), es), 'VOUCHER_MALFORMED');
  add('payload-not-object', token(header(es), '[1]', es), 'VOUCHER_MALFORMED');
  add('unknown-kid', token(header(es, { kid: 'nobody' }), claims(), es), 'VOUCHER_UNKNOWN_KEY');
  add('revoked-key', token(header(keys.revoked), claims(), keys.revoked), 'VOUCHER_KEY_REVOKED');
  add('expired-key', token(header(keys.old), claims(), keys.old), 'VOUCHER_KEY_EXPIRED');
  add('key-not-yet-valid', token(header(keys.future), claims(), keys.future), 'VOUCHER_KEY_EXPIRED');
  add('kid-of-another-issuer', token(header(keys.other), claims(), keys.other), 'VOUCHER_ISSUER_MISMATCH');
  add('alg-switch-eddsa-header-es256-key', token(header(es, { alg: 'EdDSA' }), claims(), ed), 'VOUCHER_BAD_SIGNATURE');
  add('signature-r-s-zero', withSig(valid, Buffer.alloc(64)), 'VOUCHER_BAD_SIGNATURE');
  add('signature-r-zero', withSig(valid, Buffer.concat([zero32, sigOf(valid).subarray(32)])), 'VOUCHER_BAD_SIGNATURE');
  add('signature-s-zero', withSig(valid, Buffer.concat([sigOf(valid).subarray(0, 32), zero32])), 'VOUCHER_BAD_SIGNATURE');
  add('signature-der-encoded', withSig(valid, toDer(sigOf(valid))), 'VOUCHER_BAD_SIGNATURE');
  add('signature-63-bytes', withSig(valid, sigOf(valid).subarray(0, 63)), 'VOUCHER_BAD_SIGNATURE');
  add('signature-bit-flip', withSig(valid, flipped), 'VOUCHER_BAD_SIGNATURE');
  add('signature-high-s', withSig(valid, flipS(sigOf(valid))), 'VOUCHER_BAD_SIGNATURE');
  add('signature-other-key', withSig(valid, sigOf(token(header(es), claims(), keys.revoked))), 'VOUCHER_BAD_SIGNATURE');
  add('payload-swapped', `YBV1:${vh}.${b64u(JSON.stringify(claims({ sub: 'SUB0000000000002' })))}.${sigOf(valid).toString('base64url')}`, 'VOUCHER_BAD_SIGNATURE');
  add('claim-iat-string', token(header(es), claims({ iat: String(NOW - 5) }), es), 'VOUCHER_BAD_CLAIMS');
  add('claim-exp-float', token(header(es), claims({ exp: NOW + 0.5 }), es), 'VOUCHER_BAD_CLAIMS');
  add('claim-sub-short', token(header(es), claims({ sub: 'abc' }), es), 'VOUCHER_BAD_CLAIMS');
  add('claim-sub-bad-chars', token(header(es), claims({ sub: 'SUB 00000000001' }), es), 'VOUCHER_BAD_CLAIMS');
  add('claim-jti-short', token(header(es), claims({ jti: 'abc' }), es), 'VOUCHER_BAD_CLAIMS');
  add('claim-jti-missing', token(header(es), claims({ jti: undefined }), es), 'VOUCHER_BAD_CLAIMS');
  add('claim-use-refund', token(header(es), claims({ use: 'refund' }), es), 'VOUCHER_BAD_CLAIMS');
  add('claim-reg-5-digits', token(header(es), claims({ reg: '42010' }), es), 'VOUCHER_BAD_CLAIMS');
  add('claim-act-string', token(header(es), claims({ act: 'SUB0000000000001' }), es), 'VOUCHER_BAD_CLAIMS');
  add('lifetime-61s', token(header(es), claims({ iat: NOW - 5, exp: NOW + 56 }), es), 'VOUCHER_BAD_LIFETIME');
  add('exp-before-iat', token(header(es), claims({ iat: NOW, exp: NOW - 1 }), es), 'VOUCHER_BAD_LIFETIME');
  add('expired', token(header(es), claims({ iat: NOW - 100, exp: NOW - 40 }), es), 'VOUCHER_EXPIRED');
  add('expired-by-one-second-past-skew', token(header(es), claims({ iat: NOW - 71, exp: NOW - 11 }), es), 'VOUCHER_EXPIRED');
  add('not-yet-valid', token(header(es), claims({ iat: NOW + 30, exp: NOW + 90 }), es), 'VOUCHER_NOT_YET_VALID');
  add('frozen-sub', token(header(es), claims({ sub: 'FROZEN000001' }), es), 'VOUCHER_FROZEN');
  add('frozen-sub-id-code-wins-over-use', token(header(es), claims({ sub: 'FROZEN000001', use: 'id' }), es), 'VOUCHER_FROZEN');
  add('id-code-used-to-pay', token(header(es), claims({ use: 'id' }), es), 'VOUCHER_WRONG_USE');
  add('replayed-jti', token(header(ed), claims(), ed), 'ok', { then: 'VOUCHER_REPLAYED' });
  return { now: NOW, keys, trust, trustClaims, cases: c };
}

async function main() {
  const out = resolve(process.argv[2] ?? 'fixtures/voucher');
  await mkdir(out, { recursive: true });
  const f = await buildFixtures();
  const w = (name, v) => writeFile(resolve(out, name), typeof v === 'string' ? `${v}\n` : `${JSON.stringify(v, null, 2)}\n`);
  await w('root.private.jwk', f.keys.root.privateJwk);
  await w('root.public.jwk', f.keys.root.publicJwk);
  await w('issuer-es256.private.jwk', f.keys.issuerEs.privateJwk);
  await w('issuer-es256.public.jwk', f.keys.issuerEs.publicJwk);
  await w('issuer-eddsa.private.jwk', f.keys.issuerEd.privateJwk);
  await w('issuer-eddsa.public.jwk', f.keys.issuerEd.publicJwk);
  await w('pin.public.jwk', f.keys.pin.publicJwk);
  await w('trust.jws', f.trust);
  await w('cases.json', { now: f.now, skew: 10, issuer: ISS, trust: 'trust.jws', root: 'root.public.jwk', cases: f.cases });
  process.stdout.write(`wrote ${f.cases.length} cases to ${out}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
