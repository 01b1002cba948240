import { describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { signBody, verifyBodySignature } from '../../src/gateway/signature.js';
import type { GatewayError } from '../../src/gateway/errors.js';

async function keys(kid: string): Promise<{ priv: JWK; pub: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { priv: { ...(await exportJWK(privateKey)), kid }, pub: { ...(await exportJWK(publicKey)), kid } };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as GatewayError).code;
  }
  return undefined;
}

describe('body signature', async () => {
  const t1 = await keys('term-1');
  const t2 = await keys('term-2');
  const registry = new Map([
    ['term-1', t1.pub],
    ['term-2', t2.pub],
  ]);
  const body = Buffer.from(JSON.stringify({ infno: '2102', msgid: 'P42010000001202611221200000001', amount: '26.80' }));

  it('round-trips and names the kid', async () => {
    const header = await signBody(body, t1.priv);
    expect(header).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    const protectedHeader = JSON.parse(Buffer.from(header.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: 'term-1' });
    expect(await verifyBodySignature(body, header, (kid) => registry.get(kid))).toBe('term-1');
  });

  it('refuses a tampered body, one flipped byte at a time', async () => {
    const header = await signBody(body, t1.priv);
    for (const i of [0, 10, body.length - 2]) {
      const tampered = Buffer.from(body);
      tampered[i] = tampered[i]! ^ 1;
      expect(await codeOf(verifyBodySignature(tampered, header, (kid) => registry.get(kid)))).toBe('GATEWAY_SIGNATURE_INVALID');
    }
    // Same JSON, different bytes (whitespace) is another body.
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(await codeOf(verifyBodySignature(reformatted, header, (kid) => registry.get(kid)))).toBe('GATEWAY_SIGNATURE_INVALID');
  });

  it('refuses a tampered signature, header swap, unknown kid, wrong key, missing or malformed header', async () => {
    const header = await signBody(body, t1.priv);
    const [h, , s] = header.split('.') as [string, string, string];
    const flipped = `${h}..${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
    const lookup = (kid: string) => registry.get(kid);
    expect(await codeOf(verifyBodySignature(body, flipped, lookup))).toBe('GATEWAY_SIGNATURE_INVALID');
    const otherKidHeader = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'term-2' })).toString('base64url');
    expect(await codeOf(verifyBodySignature(body, `${otherKidHeader}..${s}`, lookup))).toBe('GATEWAY_SIGNATURE_INVALID');
    expect(await codeOf(verifyBodySignature(body, header, () => undefined))).toBe('GATEWAY_SIGNATURE_INVALID');
    expect(await codeOf(verifyBodySignature(body, header, () => t2.pub))).toBe('GATEWAY_SIGNATURE_INVALID');
    for (const bad of [undefined, null, '', '..', 'a.b.c', `${h}.${Buffer.from(body).toString('base64url')}.${s}`, `${h}..`, 'x'.repeat(5000)]) {
      expect(await codeOf(verifyBodySignature(body, bad, lookup))).toBe('GATEWAY_SIGNATURE_INVALID');
    }
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'term-1' })).toString('base64url');
    expect(await codeOf(verifyBodySignature(body, `${none}..${s}`, lookup))).toBe('GATEWAY_SIGNATURE_INVALID');
    const hs = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'term-1' })).toString('base64url');
    expect(await codeOf(verifyBodySignature(body, `${hs}..${s}`, lookup))).toBe('GATEWAY_SIGNATURE_INVALID');
  });

  it('refuses to sign with a public or kid-less key, without quoting the key', async () => {
    expect(await codeOf(signBody(body, t1.pub))).toBe('GATEWAY_SIGNATURE_FAILED');
    const { kid: _kid, ...noKid } = t1.priv;
    expect(await codeOf(signBody(body, noKid))).toBe('GATEWAY_SIGNATURE_FAILED');
    try {
      await signBody(body, { ...t1.priv, d: 'AAAA' });
      expect.unreachable();
    } catch (e) {
      const err = e as GatewayError;
      expect(err.code).toBe('GATEWAY_SIGNATURE_FAILED');
      expect(JSON.stringify(err.toJSON()) + err.message + String(err.cause)).not.toContain(t1.priv.d!);
    }
  });

  it('fuzz: random headers never verify and always refuse with the typed code', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const chars = 'ABCxyz019-_.';
    for (let i = 0; i < 300; i++) {
      let s = '';
      const len = next() % 80;
      for (let j = 0; j < len; j++) s += chars[next() % chars.length];
      expect(await codeOf(verifyBodySignature(body, s, (kid) => registry.get(kid)))).toBe('GATEWAY_SIGNATURE_INVALID');
    }
  });
});
