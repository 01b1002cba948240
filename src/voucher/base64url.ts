/**
 * Strict base64url segment decoding for compact JWS: only the URL-safe
 * alphabet, no padding, no impossible lengths. Browser-safe (jose's codec).
 *
 * @module
 */
import { base64url } from 'jose';

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const NodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'base64url'): Uint8Array } }).Buffer;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Decodes one segment, or returns undefined when it is not canonical base64url. */
export function decodeSegment(segment: string): Uint8Array | undefined {
  if (!SEGMENT.test(segment) || segment.length % 4 === 1) return undefined;
  // Refuse non-canonical trailing bits, so one token has one spelling: the last character of a
  // 2- or 3-character tail carries 4 or 2 bits that no byte uses, and they must be zero.
  const tail = segment.length % 4;
  if (tail !== 0 && (ALPHABET.indexOf(segment[segment.length - 1]!) & (tail === 2 ? 0x0f : 0x03)) !== 0) return undefined;
  // Node's Buffer decodes natively (the checks above made the text canonical); browsers take jose's codec.
  if (NodeBuffer) return NodeBuffer.from(segment, 'base64url');
  try {
    return base64url.decode(segment);
  } catch {
    return undefined;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of a segment, or undefined. */
export function decodeSegmentText(segment: string): string | undefined {
  const bytes = decodeSegment(segment);
  if (!bytes) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
