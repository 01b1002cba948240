/**
 * AIM symbology identifier (ISO/IEC 15424): `]` + code character + modifier,
 * sent by a scanner in front of the data when configured to.
 *
 * @module
 */

const isAlpha = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isModifier = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** Whether the first three bytes are an AIM id: `]`, a code letter, a modifier character. */
export function isAimId(bytes: Uint8Array): boolean {
  const [a, b, c] = [bytes[0], bytes[1], bytes[2]];
  return bytes.length >= 3 && a === 0x5d && b !== undefined && c !== undefined && isAlpha(b) && isModifier(c);
}

/** Splits a leading `]Xm` off `bytes`; returns no `aimId` when there is none. */
export function splitAim(bytes: Uint8Array): { aimId?: string; data: Uint8Array } {
  if (isAimId(bytes)) return { aimId: String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!), data: bytes.subarray(3) };
  return { data: bytes };
}
