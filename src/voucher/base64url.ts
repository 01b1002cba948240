/**
 * Strict base64url segment decoding for compact JWS: only the URL-safe
 * alphabet, no padding, no impossible lengths. Browser-safe (jose's codec).
 *
 * @module
 */
import { base64url } from 'jose';

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Decodes one segment, or returns undefined when it is not canonical base64url. */
export function decodeSegment(segment: string): Uint8Array | undefined {
  if (!SEGMENT.test(segment) || segment.length % 4 === 1) return undefined;
  try {
    const bytes = base64url.decode(segment);
    // Refuse non-canonical trailing bits, so one token has one spelling.
    return base64url.encode(bytes) === segment ? bytes : undefined;
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
