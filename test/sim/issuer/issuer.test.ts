import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeQrImage } from '../../../src/index.js';
import { generatePinKey, generateSigningKey } from '../../../src/sim/issuer/keys.js';
import { qrForTerminal, writeQrPng } from '../../../src/sim/issuer/qr.js';
import { makeTrustList } from '../../../src/sim/issuer/trust-list.js';
import { issueVoucher } from '../../../src/sim/issuer/voucher.js';
import { verifyTrustList } from '../../../src/voucher/trust-list.js';
import type { TrustedKey } from '../../../src/voucher/types.js';
import { verifyVoucher } from '../../../src/voucher/verify.js';

describe('issuer tools', () => {
  it('generates JWKs with kid and alg (ES256, EdDSA) and an ECDH P-256 PIN key', async () => {
    const es = await generateSigningKey('ES256', 'a');
    const ed = await generateSigningKey('EdDSA', 'b');
    const pin = await generatePinKey('p');
    expect(es.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'a', alg: 'ES256' });
    expect(ed.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'b', alg: 'EdDSA' });
    expect(pin.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'p', alg: 'ECDH-ES+A256KW', use: 'enc' });
    expect(es.publicJwk).not.toHaveProperty('d');
    expect(typeof es.privateJwk.d).toBe('string');
  });

  it('makes a trust list without private members and a voucher that verifies under it', async () => {
    const root = await generateSigningKey('EdDSA', 'root');
    const iss = await generateSigningKey('ES256', 'iss');
    // Passing the private JWK by mistake still publishes only the public part.
    const jws = await makeTrustList({ rootKey: root.privateJwk, iss: 'r', seq: 1, iat: 1000, exp: 2_000_000_000, keys: [{ ...iss.privateJwk, iss: 'nhsa' } as TrustedKey] });
    const trust = await verifyTrustList(jws, root.publicJwk);
    expect(trust.keys[0]).not.toHaveProperty('d');
    const fixed = (n: number) => new Uint8Array(n).fill(7);
    const qr = await issueVoucher({ key: iss.privateJwk, iss: 'nhsa', sub: 'ABCDEFGH', use: 'id', chn: 'alipay', idm: '4201**********1234', iat: 1000, ttl: 30, random: fixed });
    expect(qr.startsWith('YBV1:')).toBe(true);
    expect(Buffer.byteLength(qr)).toBeLessThanOrEqual(512);
    const v = await verifyVoucher(qr, { trust, clock: () => 1_010_000, use: 'id' });
    expect(v.claims).toEqual({ iss: 'nhsa', sub: 'ABCDEFGH', iat: 1000, exp: 1030, jti: 'BwcHBwcHBwcHBwcHBwcHBw', use: 'id', reg: '420100', chn: 'alipay', idm: '4201**********1234' });
  });

  it('renders the QR for a terminal and as a PNG that decodes back to the text', async () => {
    // Ed25519 signatures are deterministic: a fixed key, iat and jti give one fixed code.
    const key = JSON.parse(readFileSync('fixtures/voucher/issuer-eddsa.private.jwk', 'utf8'));
    const qr = await issueVoucher({ key, iss: 'nhsa', sub: 'E4201000000000000001', nm: '张*三', chn: 'wechat', iat: 1_767_225_600, random: (n) => new Uint8Array(n).fill(1) });
    expect((await qrForTerminal(qr)).split('\n').length).toBeGreaterThan(20);
    const file = join(mkdtempSync(join(tmpdir(), 'ybv-qr-')), 'code.png');
    await writeQrPng(file, qr);
    const scan = await decodeQrImage(readFileSync(file));
    expect(scan.text).toBe(qr);
  });
});
