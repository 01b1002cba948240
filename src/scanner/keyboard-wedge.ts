/**
 * Keyboard-wedge decoding: 8-byte boot keyboard reports (modifiers, reserved,
 * six key slots) to bytes, through a keyboard layout (us, de, fr, uk). Each
 * report is diffed with the previous one, so a key counts once when it goes
 * down ("11" needs a release in between, as on a real keyboard).
 *
 * - Enter and Tab both type CR, which the framer takes as the suffix
 *   (scanners are set to one or the other).
 * - AltGr is right Alt (modifier bit 0x40) or Ctrl+Alt, as on Windows.
 * - Ctrl+key types the control character of the key's character (Ctrl+D is
 *   EOT); for GS, RS, FS, ESC and US the US key positions also work on every
 *   layout (Ctrl+], Ctrl+Shift+6 or Ctrl+6, Ctrl+\, Ctrl+[, Ctrl+-), which is
 *   what scanners send for the separators of GS1 and ISO/IEC 15434 data.
 * - Dead keys wait for the next key: Space types their own character, a
 *   letter they combine with types the accented letter.
 * - A key or combination the layout does not type is counted in `unknown`
 *   instead of being guessed: the caller drops that scan (layout mismatch).
 *
 * Pure: reports in, bytes out (UTF-8 of the typed characters).
 *
 * @module
 */
import { deadKey, LAYOUTS, layoutByName, type KeyboardLayout, type KeyLevel, type LayoutName } from './keyboard-layouts.js';

const LCTRL = 0x01;
const LSHIFT = 0x02;
const LALT = 0x04;
const RCTRL = 0x10;
const RSHIFT = 0x20;
const RALT = 0x40;
const CTRL = LCTRL | RCTRL;
const SHIFT = LSHIFT | RSHIFT;
const KEY_ENTER = 0x28;
const KEY_KP_ENTER = 0x58;
const KEY_TAB = 0x2b;
const KEY_SPACE = 0x2c;
const ROLLOVER = 0x01;

/** Ctrl + a US key position → control character, whatever the layout types there. */
const CTRL_BY_POSITION: ReadonlyMap<number, string> = new Map([
  [0x2f, '\x1b'], // Ctrl+[
  [0x31, '\x1c'], // Ctrl+\
  [0x30, '\x1d'], // Ctrl+] (GS)
  [0x23, '\x1e'], // Ctrl+^ = Ctrl+Shift+6 or Ctrl+6 (RS)
  [0x2d, '\x1f'], // Ctrl+_ = Ctrl+Shift+- or Ctrl+- (US)
]);

/** Combining marks of the dead keys the layouts have. */
const COMBINING: Readonly<Record<string, string>> = { '^': '\u0302', '´': '\u0301', '`': '\u0300', '¨': '\u0308' };

const utf8 = new TextEncoder();

function ctrlOf(ch: string | undefined): string | undefined {
  if (ch === undefined || ch.length !== 1) return undefined;
  const c = ch.charCodeAt(0);
  const upper = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
  return upper >= 0x40 && upper <= 0x5f ? String.fromCharCode(upper & 0x1f) : undefined;
}

export class KeyboardWedgeDecoder {
  private down = new Set<number>();
  private readonly layout: KeyboardLayout;
  private pendingDead: string | undefined;
  /** Keys typed since the last takeUnknown() that the layout has no character for. */
  private unknownKeys: Array<{ key: number; modifiers: number }> = [];

  /** Throws SCAN_LAYOUT_UNKNOWN for a layout name we do not have. */
  constructor(layout: LayoutName | KeyboardLayout = 'us') {
    this.layout = typeof layout === 'string' ? layoutByName(layout) : layout;
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

  /** The first key since the last call that the layout does not type, if any (and forgets them). */
  takeUnknown(): { key: number; modifiers: number } | undefined {
    const first = this.unknownKeys[0];
    this.unknownKeys = [];
    return first;
  }

  reset(): void {
    this.down.clear();
    this.pendingDead = undefined;
    this.unknownKeys = [];
  }

  private charFor(key: number, mods: number): string {
    if (key === KEY_ENTER || key === KEY_KP_ENTER || key === KEY_TAB) return this.afterDead('\r');
    const ctrl = (mods & CTRL) !== 0;
    const altgr = (mods & RALT) !== 0 || (ctrl && (mods & LALT) !== 0);
    const shift = (mods & SHIFT) !== 0;
    if (ctrl && !altgr) {
      const level = shift ? this.layout.shift : this.layout.plain;
      const c = ctrlOf(level.get(key)) ?? CTRL_BY_POSITION.get(key);
      return c === undefined ? this.unknown(key, mods) : this.afterDead(c);
    }
    if ((mods & LALT) !== 0 && !altgr) return this.unknown(key, mods); // Alt+keypad codes are not decoded
    if (altgr && shift) return this.unknown(key, mods);
    const level: KeyLevel = altgr ? 'altgr' : shift ? 'shift' : 'plain';
    const ch = this.layout[level].get(key);
    if (ch === undefined) return this.unknown(key, mods);
    if (this.layout.dead.has(deadKey(level, key))) {
      const before = this.pendingDead ?? '';
      this.pendingDead = ch;
      return before;
    }
    const dead = this.pendingDead;
    if (dead === undefined) return ch;
    this.pendingDead = undefined;
    if (key === KEY_SPACE) return dead;
    const composed = (ch + (COMBINING[dead] ?? '')).normalize('NFC');
    return composed.length === 1 ? composed : dead + ch;
  }

  private afterDead(ch: string): string {
    const dead = this.pendingDead ?? '';
    this.pendingDead = undefined;
    return dead + ch;
  }

  private unknown(key: number, modifiers: number): string {
    this.unknownKeys.push({ key, modifiers });
    return '';
  }
}

type Stroke = { key: number; mods: number; dead: boolean };

/** How `layout` types each character it can: the plainest level first, the main key before 0x32 and the keypad. */
function strokes(layout: KeyboardLayout): Map<string, Stroke> {
  const out = new Map<string, Stroke>();
  const levels: Array<[KeyLevel, number]> = [
    ['plain', 0],
    ['shift', LSHIFT],
    ['altgr', RALT],
  ];
  for (const [level, mods] of levels) {
    for (const [key, ch] of layout[level]) {
      if (out.has(ch) || key === 0x32 || (key >= 0x54 && key <= 0x63)) continue;
      out.set(ch, { key, mods, dead: layout.dead.has(deadKey(level, key)) });
    }
  }
  out.set('\r', { key: KEY_ENTER, mods: 0, dead: false });
  out.set('\t', { key: KEY_TAB, mods: 0, dead: false });
  for (let c = 1; c <= 26; c++) {
    const letter = out.get(String.fromCharCode(0x60 + c));
    if (letter && !out.has(String.fromCharCode(c))) out.set(String.fromCharCode(c), { key: letter.key, mods: LCTRL, dead: false });
  }
  for (const [key, c] of CTRL_BY_POSITION) out.set(c, { key, mods: LCTRL | (key === 0x23 || key === 0x2d ? LSHIFT : 0), dead: false });
  return out;
}

const press = (key: number, mods: number) => Uint8Array.of(mods, 0, key, 0, 0, 0, 0, 0);

/**
 * The reports a keyboard wedge set to `layout` sends to type `text` (fixtures,
 * the simulator, tests). A dead-key character is typed as the dead key then
 * Space. Throws RangeError for a character the layout cannot type.
 */
export function keyboardReports(text: string, layout: LayoutName | KeyboardLayout = 'us'): Uint8Array[] {
  const table = strokes(typeof layout === 'string' ? LAYOUTS[layout] ?? layoutByName(layout) : layout);
  const out: Uint8Array[] = [];
  for (const ch of text) {
    const s = table.get(ch);
    if (!s) throw new RangeError(`no key of the ${typeof layout === 'string' ? layout : 'given'} layout types ${JSON.stringify(ch)}`);
    out.push(press(s.key, s.mods), new Uint8Array(8));
    if (s.dead) out.push(press(KEY_SPACE, 0), new Uint8Array(8));
  }
  return out;
}
