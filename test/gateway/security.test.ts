/**
 * Request security profiles. SM3withSM2 is checked against the example of
 * GM/T 0003.5-2012 (= GB/T 32918.5 annex A) on the recommended curve: key,
 * signer id, Z_A-dependent digest, nonce and the published (r, s).
 */
import { createPrivateKey, sign } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { jwsSecurity } from '../../src/gateway/security/jws.js';
import { openSm2Body, sm2Security } from '../../src/gateway/security/national.js';
import { deriveSm4Key, sm2KeyPair, sm2PublicKeyOf, sm2Sign, sm2Verify, sm4Decrypt, sm4Encrypt } from '../../src/gateway/security/sm2.js';
import { verifyBodySignature } from '../../src/gateway/signature.js';
import type { RequestEnvelope } from '../../src/gateway/wire.js';
import { terminalKeys } from './helpers/fake-gateway.js';

// GM/T 0003.5-2012 signature example (recommended curve sm2p256v1).
const V = {
  d: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
  x: '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020',
  y: 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
  id: '1234567812345678',
  msg: 'message digest',
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
  s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
};
const pub = `04${V.x}${V.y}`.toLowerCase();

/** ECDSA-Sig-Value (DER) → r || s, 32 bytes each. */
function derToRs(der: Buffer): Buffer {
  const int = (at: number): [Buffer, number] => {
    const len = der[at + 1]!;
    return [der.subarray(at + 2, at + 2 + len), at + 2 + len];
  };
  const [r, next] = int(2);
  const [s] = int(next);
  const fixed = (b: Buffer) => Buffer.from(b.toString('hex').replace(/^00/, '').padStart(64, '0'), 'hex');
  return Buffer.concat([fixed(r), fixed(s)]);
}
const msg = new TextEncoder().encode(V.msg);

describe('SM3withSM2 (GM/T 0003)', () => {
  it('derives the published public key from the private key', () => {
    expect(sm2PublicKeyOf(V.d)).toBe(pub);
  });

  it('verifies the published signature, and nothing else', () => {
    const sig = Buffer.from(V.r + V.s, 'hex');
    expect(sm2Verify(msg, sig, pub)).toBe(true);
    expect(sm2Verify(new TextEncoder().encode('message digesT'), sig, pub)).toBe(false);
    // The signer id enters the digest (Z_A): another id does not verify.
    expect(sm2Verify(msg, sig, pub, { userId: 'ALICE123@YAHOO.COM' })).toBe(false);
    const flipped = Buffer.from(sig);
    flipped[63] = flipped[63]! ^ 1;
    expect(sm2Verify(msg, flipped, pub)).toBe(false);
    expect(sm2Verify(msg, sig.subarray(0, 63), pub)).toBe(false);
  });

  it('signs exactly the published (r, s) with the published nonce k', () => {
    // The library takes the nonce point from a pool: kG from the vector's k.
    const kG = smCrypto.sm2.getPublicKeyFromPrivateKey(V.k.toLowerCase());
    const jsbnPoint = { k: BigIntLike(V.k), x1: BigIntLike(kG.slice(2, 66)) };
    const hex = smCrypto.sm2.doSignature(Array.from(msg), V.d.toLowerCase(), { hash: true, publicKey: pub, userId: V.id, pointPool: [jsbnPoint] });
    expect(hex.toUpperCase()).toBe(V.r + V.s);
  });

  it("OpenSSL's own SM2 (a key imported as SM2-typed PKCS#8, OID 1.2.156.10197.1.301) signs with an empty signer id: ours verifies it with that id only", () => {
    // Node 20 cannot set OpenSSL's distid, so this path is no use for a profile's user id; it cross-checks the verifier.
    const sm2Oid = '06082a811ccf5501822d';
    const ecPrivateKey = `306b0201010420${V.d}a144034200${pub}`;
    const pkcs8 = Buffer.from(`3081880201003014${sm2Oid}${sm2Oid}046d${ecPrivateKey}`, 'hex');
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const der = sign('sm3', msg, key);
    const rs = derToRs(der);
    expect(sm2Verify(msg, rs, pub, { userId: '' })).toBe(true);
    expect(sm2Verify(msg, rs, pub)).toBe(false);
  });

  it('node:crypto path: signs exactly the published (r, s) given the published k', () => {
    expect(Buffer.from(sm2Sign(msg, V.d, { nonceHex: V.k })).toString('hex').toUpperCase()).toBe(V.r + V.s);
  });

  it('cross-checked both ways with sm-crypto, with the default and with another signer id', () => {
    const k = sm2KeyPair();
    for (const userId of [undefined, 'ALICE123@YAHOO.COM', '0F0822652EB7CB91A644E638FBE9941E']) {
      const id = userId ?? V.id;
      const ours = Buffer.from(sm2Sign(msg, k.privateKeyHex, userId === undefined ? {} : { userId })).toString('hex');
      expect(smCrypto.sm2.doVerifySignature(Array.from(msg), ours, k.publicKeyHex, { hash: true, userId: id })).toBe(true);
      const theirs = smCrypto.sm2.doSignature(Array.from(msg), k.privateKeyHex, { hash: true, publicKey: k.publicKeyHex, userId: id });
      expect(sm2Verify(msg, Buffer.from(theirs, 'hex'), k.publicKeyHex, userId === undefined ? {} : { userId })).toBe(true);
      expect(sm2Verify(msg, Buffer.from(theirs, 'hex'), k.publicKeyHex, { userId: 'someone else' })).toBe(false);
    }
    expect(smCrypto.sm2.getPublicKeyFromPrivateKey(k.privateKeyHex)).toBe(k.publicKeyHex);
  });

  it('refuses a public key that is not on the curve, and out-of-range r or s', () => {
    const sig = Buffer.from(V.r + V.s, 'hex');
    expect(sm2Verify(msg, sig, `04${V.x}${V.x}`.toLowerCase())).toBe(false);
    expect(sm2Verify(msg, Buffer.alloc(64), pub)).toBe(false);
    expect(sm2Verify(msg, Buffer.alloc(64, 0xff), pub)).toBe(false);
  });

  it('the channel SM4 key: SM4 of the secret under the client id, upper hex, 16 characters (as sm-crypto computes it)', () => {
    const clientId = '0F0822652EB7CB91A644E638FBE9941E';
    const secret = '30BFE2B0C715E516E5EDF21E289DA826';
    const theirs = (smCrypto as unknown as { sm4: { encrypt(m: string, keyHex: string): string } }).sm4.encrypt(secret, Buffer.from(clientId.slice(0, 16), 'utf8').toString('hex'));
    expect(deriveSm4Key(clientId, secret).toString('utf8')).toBe(theirs.toUpperCase().slice(0, 16));
    expect(() => deriveSm4Key('short', secret)).toThrow(expect.objectContaining({ code: 'GATEWAY_SIGNATURE_FAILED' }));
  });

  it('signs with a fresh nonce each time; every signature verifies', () => {
    const a = sm2Sign(msg, V.d);
    const b = sm2Sign(msg, V.d);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(sm2Verify(msg, a, pub) && sm2Verify(msg, b, pub)).toBe(true);
  });

  it('SM4-ECB round trip (GB/T 32907 example block)', () => {
    const key = '0123456789abcdeffedcba9876543210';
    const c = sm4Encrypt(Buffer.from(key, 'hex'), key);
    // The standard's single-block example, then the PKCS#7 padding block.
    expect(c.subarray(0, 16).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(sm4Decrypt(c, key).toString('hex')).toBe(key);
  });
});

function BigIntLike(hex: string): unknown {
  // sm-crypto works on jsbn BigIntegers; build one through its own key helper's type.
  const { BigInteger } = require('jsbn') as { BigInteger: new (s: string, radix: number) => unknown };
  return new BigInteger(hex.toLowerCase(), 16);
}

const envelope = (): RequestEnvelope => ({
  infno: '2102',
  msgid: 'P42010000001202611221159590001',
  mdtrtarea_admvs: '420100',
  insuplc_admdvs: '420100',
  recer_sys_code: 'YBJS',
  dev_no: 'POS-01',
  infver: 'V1.0',
  opter_type: '1',
  opter: 'C001',
  opter_name: '收银员',
  inf_time: '2026-11-22 10:00:00',
  fixmedins_code: 'P42010000001',
  fixmedins_name: '测试药房',
  sign_no: 'S1',
  input: { druginfo: { psn_no: 'P1', cainfo: '' }, note: '"cainfo":""' },
});

describe('request security profiles', () => {
  it('jws: the detached signature verifies over the exact bytes sent', async () => {
    const keys = await terminalKeys();
    const sealed = await jwsSecurity(keys.priv).seal(envelope());
    expect(await verifyBodySignature(sealed.body, sealed.headers['x-yb-signature'], () => keys.pub)).toBe(keys.priv.kid);
  });

  it('sm2: cainfo + signtype in the body; the receiver verifies the bytes it read', async () => {
    const { privateKeyHex, publicKeyHex } = sm2KeyPair();
    const sealed = await sm2Security({ privateKeyHex, bearerToken: 'tok' }).seal(envelope());
    const text = Buffer.from(sealed.body).toString('utf8');
    expect(text).toMatch(/,"signtype":"SM2","cainfo":"[A-Za-z0-9+/]{86}=="}$/);
    expect(sealed.headers.authorization).toBe('Bearer tok');
    const opened = await openSm2Body(sealed.body, ({ fixmedinsCode, devNo }) => (fixmedinsCode === 'P42010000001' && devNo === 'POS-01' ? publicKeyHex : undefined));
    expect(opened.input).toEqual(envelope().input);
    // One changed byte anywhere fails; so does another key.
    const tampered = Buffer.from(text.replace('"psn_no":"P1"', '"psn_no":"P2"'), 'utf8');
    await expect(openSm2Body(tampered, () => publicKeyHex)).rejects.toMatchObject({ code: 'GATEWAY_SIGNATURE_INVALID' });
    await expect(openSm2Body(sealed.body, () => sm2KeyPair().publicKeyHex)).rejects.toMatchObject({ code: 'GATEWAY_SIGNATURE_INVALID' });
    await expect(openSm2Body(sealed.body, () => undefined)).rejects.toMatchObject({ code: 'GATEWAY_SIGNATURE_INVALID' });
  });

  it('sm2 with SM4: input travels encrypted and signed in that form', async () => {
    const { privateKeyHex, publicKeyHex } = sm2KeyPair();
    const sm4KeyHex = '00112233445566778899aabbccddeeff';
    const sealed = await sm2Security({ privateKeyHex, sm4KeyHex }).seal(envelope());
    const sent = JSON.parse(Buffer.from(sealed.body).toString('utf8')) as { input: unknown };
    expect(typeof sent.input).toBe('string');
    expect(Buffer.from(sealed.body).toString('utf8')).not.toContain('psn_no');
    expect((await openSm2Body(sealed.body, () => publicKeyHex, { sm4KeyHex })).input).toEqual(envelope().input);
    await expect(openSm2Body(sealed.body, () => publicKeyHex, { sm4KeyHex: 'ff112233445566778899aabbccddeeff' })).rejects.toMatchObject({ code: 'GATEWAY_SIGNATURE_INVALID' });
  });

  it('a bad SM2 key is a typed error that does not quote it', () => {
    expect(() => sm2Security({ privateKeyHex: 'SECRETSECRET' })).toThrow(expect.objectContaining({ code: 'GATEWAY_SIGNATURE_FAILED' }));
    try {
      sm2Security({ privateKeyHex: 'SECRETSECRET' });
    } catch (e) {
      expect(JSON.stringify(e) + String(e)).not.toContain('SECRETSECRET');
    }
  });
});
