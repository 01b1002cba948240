/**
 * The PIN block's JWE both ways it is made: node:crypto (Node) and jose
 * (browsers). Each opens with jose's compactDecrypt to the same plaintext,
 * under the same header shape; only the key's public members are used.
 */
import { compactDecrypt, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptPinBlock } from '../../src/pin/jwe.js';
import { pinKeyPair } from './keys.js';

let keys: Awaited<ReturnType<typeof pinKeyPair>>;
beforeAll(async () => {
  keys = await pinKeyPair();
});

const plaintext = new TextEncoder().encode('{"pin":"046135","jti":"j","msgid":"M1","amt":1,"iat":2}');

async function open(jwe: string) {
  const { plaintext: out, protectedHeader } = await compactDecrypt(jwe, await importJWK(keys.privateJwk, 'ECDH-ES+A256KW'));
  return { text: new TextDecoder().decode(out), protectedHeader };
}

describe('encryptPinBlock', () => {
  it.each([
    ['node:crypto', undefined],
    ['jose', null],
  ] as const)('by %s opens with jose to the same plaintext and header shape', async (_name, native) => {
    const jwe = await encryptPinBlock(plaintext, keys.publicJwk, 'ECDH-ES+A256KW', 'A256GCM', native);
    const parts = jwe.split('.');
    expect(parts).toHaveLength(5);
    expect(Buffer.from(parts[1]!, 'base64url')).toHaveLength(40); // the wrapped 256-bit CEK
    expect(Buffer.from(parts[2]!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[4]!, 'base64url')).toHaveLength(16);
    const { text, protectedHeader } = await open(jwe);
    expect(text).toBe(new TextDecoder().decode(plaintext));
    expect(protectedHeader).toEqual({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', epk: { kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String) } });
  });

  it('uses a fresh ephemeral key and IV every time, and only the public members of the key', async () => {
    const a = await encryptPinBlock(plaintext, keys.privateJwk, 'ECDH-ES+A256KW', 'A256GCM');
    const b = await encryptPinBlock(plaintext, keys.publicJwk, 'ECDH-ES+A256KW', 'A256GCM');
    expect(a.split('.')[0]).not.toBe(b.split('.')[0]);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect((await open(a)).text).toBe((await open(b)).text);
  });

  it('refuses a key that is not a P-256 point', async () => {
    await expect(encryptPinBlock(plaintext, { kty: 'OKP', crv: 'X25519', x: keys.publicJwk.x! }, 'ECDH-ES+A256KW', 'A256GCM')).rejects.toThrow();
    await expect(encryptPinBlock(plaintext, { ...keys.publicJwk, y: keys.publicJwk.x!.slice(0, 20) }, 'ECDH-ES+A256KW', 'A256GCM')).rejects.toThrow();
    const flipped = Buffer.from(keys.publicJwk.y!, 'base64url');
    flipped[31] = flipped[31]! ^ 1;
    await expect(encryptPinBlock(plaintext, { ...keys.publicJwk, y: flipped.toString('base64url') }, 'ECDH-ES+A256KW', 'A256GCM')).rejects.toThrow();
  });
});
