/**
 * A keyboard-wedge scan typed under another layout can use only keys the
 * configured layout knows (an AZERTY voucher read as US is `YBV!.eyJ)…`), so
 * no unknown key gives it away. This check reads the scan's key reports under
 * every other layout: when the configured text holds characters no scanned
 * payload uses and another layout reads it as a plain payload, the layout is
 * wrong and the scan is dropped rather than passed on as a wrong item code.
 *
 * @module
 */
import { LAYOUT_NAMES, type LayoutName } from './keyboard-layouts.js';
import { KeyboardWedgeDecoder } from './keyboard-wedge.js';

/** What vouchers (base64url JWS behind a prefix), national and trace codes and GTINs are written with. */
const PLAIN_PAYLOAD = /^[A-Za-z0-9._:\-+/=]+$/;
const CR = 0x0d;
const utf8 = new TextDecoder();

/**
 * The built-in layout under which `reports` type a plain payload while `text`
 * (their reading under `configured`) is not one; undefined when the reading
 * is plausible or no other layout does better.
 */
export function betterLayout(reports: readonly Uint8Array[], configured: string, text: string): LayoutName | undefined {
  if (PLAIN_PAYLOAD.test(text)) return undefined;
  for (const name of LAYOUT_NAMES) {
    if (name === configured) continue;
    const decoder = new KeyboardWedgeDecoder(name);
    const bytes: number[] = [];
    for (const r of reports) bytes.push(...decoder.push(r));
    if (decoder.takeUnknown()) continue;
    const end = bytes.indexOf(CR);
    const other = utf8.decode(new Uint8Array(end === -1 ? bytes : bytes.slice(0, end)));
    if (PLAIN_PAYLOAD.test(other)) return name;
  }
  return undefined;
}
