/**
 * Keyboard-wedge decoding: 8-byte boot keyboard reports (modifiers, reserved,
 * six key slots) to bytes. Each report is diffed with the previous one, so a
 * key counts once when it goes down ("11" needs a release in between, as on
 * a real keyboard). Enter and Tab both end a scan: each types CR, which the
 * framer takes as the suffix (scanners are set to one or the other). Ctrl+]
 * types GS (0x1D), the GS1 separator.
 *
 * Pure: reports in, bytes out (UTF-8 of the typed characters).
 *
 * @module
 */
import { LAYOUTS, type KeyboardLayout, type LayoutName } from './keyboard-layouts.js';

const CTRL = 0x01 | 0x10;
const SHIFT = 0x02 | 0x20;
const KEY_ENTER = 0x28;
const KEY_KP_ENTER = 0x58;
const KEY_TAB = 0x2b;
const KEY_RIGHT_BRACKET = 0x30;
const ROLLOVER = 0x01;

const utf8 = new TextEncoder();

export class KeyboardWedgeDecoder {
  private down = new Set<number>();
  private readonly layout: KeyboardLayout;

  constructor(layout: LayoutName | KeyboardLayout = 'us') {
    this.layout = typeof layout === 'string' ? LAYOUTS[layout] : layout;
  }

  /** One report; returns the bytes typed by keys newly pressed in it. */
  push(report: Uint8Array): Uint8Array {
    // A boot report is 8 bytes; some devices prefix a report id, which we drop.
    const r = report.length === 9 ? report.subarray(1) : report;
    const mods = r[0] ?? 0;
    const keys = new Set<number>();
    for (let i = 2; i < Math.min(8, r.length); i++) {
      const k = r[i]!;
      if (k > ROLLOVER + 2) keys.add(k); // 0 none, 1–3 error codes
    }
    if ([...r.subarray(2, 8)].some((k) => k === ROLLOVER)) return new Uint8Array(0); // phantom state: keep previous
    let out = '';
    for (const k of keys) {
      if (this.down.has(k)) continue;
      out += this.charFor(k, mods);
    }
    this.down = keys;
    return out.length === 0 ? new Uint8Array(0) : utf8.encode(out);
  }

  reset(): void {
    this.down.clear();
  }

  private charFor(key: number, mods: number): string {
    if (key === KEY_ENTER || key === KEY_KP_ENTER) return '\r';
    if (key === KEY_TAB) return '\r';
    if (mods & CTRL) return key === KEY_RIGHT_BRACKET ? '\x1d' : '';
    const map = mods & SHIFT ? this.layout.shift : this.layout.plain;
    return map.get(key) ?? '';
  }
}

/** The reports a keyboard wedge would send to type `text` (US layout; fixtures and tests). */
export function keyboardReports(text: string): Uint8Array[] {
  const { plain, shift } = LAYOUTS.us;
  const reverse = new Map<string, [number, number]>();
  for (const [k, c] of shift) if (!reverse.has(c)) reverse.set(c, [k, 0x02]);
  for (const [k, c] of plain) if (!reverse.has(c) || reverse.get(c)![1] !== 0) reverse.set(c, [k, 0]);
  reverse.set('\r', [KEY_ENTER, 0]);
  reverse.set('\t', [KEY_TAB, 0]);
  reverse.set('\x1d', [KEY_RIGHT_BRACKET, 0x01]);
  const out: Uint8Array[] = [];
  for (const ch of text) {
    const hit = reverse.get(ch);
    if (!hit) throw new RangeError(`no US key types ${JSON.stringify(ch)}`);
    out.push(Uint8Array.of(hit[1], 0, hit[0], 0, 0, 0, 0, 0), new Uint8Array(8));
  }
  return out;
}
