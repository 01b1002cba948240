/**
 * `X-Yb-Signature`: a detached compact JWS (RFC 7515 appendix F,
 * `header..signature`), ES256, over the exact body bytes. The sender signs
 * the Buffer it sends; the receiver verifies the bytes it read, before
 * parsing them.
 *
 * @module
 */
import { base64url, CompactSign, flattenedVerify, importJWK, type JWK } from 'jose';
import { GatewayError } from './errors.js';
import { nodeCrypto } from '../lib/node-crypto.js';

type Key = CryptoKey | Uint8Array;

const imported = new WeakMap<JWK, Promise<Key>>();

/** Imports a JWK once per object (signing a body should not pay for it). */
function importOnce(jwk: JWK): Promise<Key> {
  let key = imported.get(jwk);
  if (!key) {
    key = importJWK(jwk, 'ES256') as Promise<Key>;
    imported.set(jwk, key);
  }
  return key;
}

/**
 * Signs `bytes` with the terminal's private ES256 JWK (its `kid` goes into
 * the protected header) and returns the header value `header..signature`.
 * Throws `GATEWAY_SIGNATURE_FAILED` (without the key) when the key is unusable.
 */
export async function signBody(bytes: Uint8Array, privateJwk: JWK): Promise<string> {
  if (typeof privateJwk.kid !== 'string' || privateJwk.kid === '' || typeof privateJwk.d !== 'string') {
    throw new GatewayError('GATEWAY_SIGNATURE_FAILED', { details: { reason: 'the terminal key needs a kid and a private part' } });
  }
  try {
    const key = await importOnce(privateJwk);
    const jws = await new CompactSign(bytes).setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid }).sign(key);
    const [header, , signature] = jws.split('.');
    return `${header}..${signature}`;
  } catch {
    // The cause may quote key material: leave it out.
    throw new GatewayError('GATEWAY_SIGNATURE_FAILED', { details: { kid: privateJwk.kid } });
  }
}

/**
 * Verifies a detached signature over `bytes`. `resolveKey(kid)` returns the
 * registered public JWK (or CryptoKey) or undefined. Returns the kid, or
 * throws `GATEWAY_SIGNATURE_INVALID` for anything that does not verify.
 */
export async function verifyBodySignature(
  bytes: Uint8Array,
  header: string | undefined | null,
  resolveKey: (kid: string) => JWK | Key | undefined | Promise<JWK | Key | undefined>,
): Promise<string> {
  const refuse = (reason: string) => new GatewayError('GATEWAY_SIGNATURE_INVALID', { details: { reason } });
  if (typeof header !== 'string' || header.length > 4096) throw refuse('missing');
  const parts = header.split('.');
  const [protectedB64, payload, signature] = parts;
  if (parts.length !== 3 || payload !== '' || !protectedB64 || !signature) throw refuse('not a detached compact JWS');
  let kid: unknown;
  try {
    const h = JSON.parse(new TextDecoder().decode(base64url.decode(protectedB64))) as Record<string, unknown>;
    if (h.alg !== 'ES256' || 'b64' in h || 'crit' in h) throw new Error('header');
    kid = h.kid;
  } catch {
    throw refuse('bad protected header');
  }
  if (typeof kid !== 'string' || kid === '') throw refuse('no kid');
  const found = await resolveKey(kid);
  if (!found) throw refuse('unknown kid');
  try {
    const key = found instanceof Uint8Array || isCryptoKey(found) ? found : await importOnce(found as JWK);
    const fast = nodeVerify(key, protectedB64, bytes, signature);
    if (fast === false) throw new Error('signature');
    // Detached (appendix F): the payload is put back as its base64url form.
    if (fast === undefined) await flattenedVerify({ protected: protectedB64, payload: base64url.encode(bytes), signature }, key, { algorithms: ['ES256'] });
  } catch {
    throw refuse('signature does not verify');
  }
  return kid;
}

type KeyObject = import('node:crypto').KeyObject;
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/**
 * ES256 over `protected.payload` with Node's synchronous verify and a
 * KeyObject kept per key: a back office verifying every push pays for no
 * WebCrypto job. Undefined where it does not apply (no node:crypto, not a P-256 key): jose then decides.
 */
function nodeVerify(key: Key, protectedB64: string, bytes: Uint8Array, signature: string): boolean | undefined {
  if (!nodeCrypto || !isCryptoKey(key) || key.type !== 'public') return undefined;
  const alg = key.algorithm as EcKeyAlgorithm;
  if (alg.name !== 'ECDSA' || alg.namedCurve !== 'P-256') return undefined;
  let ko = keyObjects.get(key);
  if (!ko) keyObjects.set(key, (ko = nodeCrypto.KeyObject.from(key)));
  const sig = base64url.decode(signature);
  if (sig.length !== 64) return false;
  const signed = new TextEncoder().encode(`${protectedB64}.${base64url.encode(bytes)}`);
  return nodeCrypto.verify('sha256', signed, { key: ko, dsaEncoding: 'ieee-p1363' }, sig);
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}
