/**
 * `mdtrt_cert_no`, the credential number of 1101/2101/2102: at most 50
 * characters in the national interface.
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** `mdtrt_cert_no` is at most 50 characters in the national interface. */
export const MDTRT_CERT_NO_MAX = 50;

/**
 * `mdtrt_cert_no` for a credential text: itself when it fits in 50
 * characters (a national ecToken, an id number), else a reference `R` +
 * 43 characters of base64url SHA-256 of the text, with the text itself in
 * the extension field `mdtrt_cert_ext` (our signed `YBV1:` vouchers are
 * about 400 characters).
 */
export function certFields(text: string): { mdtrt_cert_no: string; mdtrt_cert_ext?: string } {
  if (text.length <= MDTRT_CERT_NO_MAX) return { mdtrt_cert_no: text };
  return { mdtrt_cert_no: certRef(text), mdtrt_cert_ext: text };
}

/** The reference that stands for a credential text longer than 50 characters. */
export function certRef(text: string): string {
  return `R${createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 43)}`;
}
