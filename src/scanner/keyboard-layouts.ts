/**
 * Keyboard layouts for the keyboard-wedge decoder: what each HID usage id
 * types on the host, per level (plain, Shift, AltGr), for the layouts a
 * scanner in keyboard mode is commonly set to: `us`, `de` (QWERTZ), `fr`
 * (AZERTY), `uk`. Dead keys (`^` and `` ` `` on de, `^` on fr) type their
 * character when followed by Space, as on the host.
 *
 * Usage 0x32 (non-US `#`) types what 0x31 types (hosts map both to one key);
 * 0x64 is the ISO key left of Z (`<>|` on de). The tables follow the
 * published layouts (Arduino Keyboard library `KeyboardLayout_*` and
 * xkeyboard-config `symbols/*`); test/scanner/keyboard-layouts.test.ts
 * checks every printable ASCII character against them.
 *
 * @module
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
import { ScannerError } from './errors.js';

/**
 * A keyboard layout: the character each HID usage types, plain, shifted and with AltGr, and its dead keys.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface KeyboardLayout {
  readonly plain: ReadonlyMap<number, string>;
  readonly shift: ReadonlyMap<number, string>;
  /** Right Alt (AltGr) or Ctrl+Alt; empty on `us`. */
  readonly altgr: ReadonlyMap<number, string>;
  /** Dead keys as `level:usage` (`plain:53`): they wait for the next key; Space gives their character. */
  readonly dead: ReadonlySet<string>;
}

/** [usage, plain, shift, altgr]; '' where the level types nothing. */
type Row = readonly [number, string, string, string?];

const NON_US_HASH = 0x32;
const BACKSLASH_KEY = 0x31;

/** Keys every layout shares: space and the keypad (scanners may send digits on it). */
const SHARED: Row[] = [
  [0x2c, ' ', ' '],
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x59, '1', '1'],
  [0x5a, '2', '2'],
  [0x5b, '3', '3'],
  [0x5c, '4', '4'],
  [0x5d, '5', '5'],
  [0x5e, '6', '6'],
  [0x5f, '7', '7'],
  [0x60, '8', '8'],
  [0x61, '9', '9'],
  [0x62, '0', '0'],
  [0x63, '.', '.'],
];

/** Letters in usage order 0x04… as a layout places them. */
function letters(order: string): Row[] {
  return [...order].map((c, i) => [0x04 + i, c, c.toUpperCase()] as const);
}

const QWERTY = 'abcdefghijklmnopqrstuvwxyz';

const US: Row[] = [
  ...letters(QWERTY),
  [0x1e, '1', '!'],
  [0x1f, '2', '@'],
  [0x20, '3', '#'],
  [0x21, '4', '$'],
  [0x22, '5', '%'],
  [0x23, '6', '^'],
  [0x24, '7', '&'],
  [0x25, '8', '*'],
  [0x26, '9', '('],
  [0x27, '0', ')'],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  // The ISO key on a 102-key board under the US layout (Windows kbdus).
  [0x64, '\\', '|'],
];

const UK: Row[] = [
  ...US.filter(([k]) => ![0x1f, 0x20, 0x21, 0x31, 0x34, 0x35, 0x64].includes(k)),
  [0x1f, '2', '"'],
  [0x20, '3', '£'],
  [0x21, '4', '$', '€'],
  [0x31, '#', '~'],
  [0x34, "'", '@'],
  [0x35, '`', '¬', '|'],
  [0x64, '\\', '|', '|'],
];

const DE: Row[] = [
  ...letters('abcdefghijklmnopqrstuvwxzy').map(([k, p, s]) => (p === 'q' ? [k, p, s, '@'] : p === 'e' ? [k, p, s, '€'] : p === 'm' ? [k, p, s, 'µ'] : [k, p, s]) as Row),
  [0x1e, '1', '!'],
  [0x1f, '2', '"', '²'],
  [0x20, '3', '§', '³'],
  [0x21, '4', '$'],
  [0x22, '5', '%'],
  [0x23, '6', '&'],
  [0x24, '7', '/', '{'],
  [0x25, '8', '(', '['],
  [0x26, '9', ')', ']'],
  [0x27, '0', '=', '}'],
  [0x2d, 'ß', '?', '\\'],
  [0x2e, '´', '`'],
  [0x2f, 'ü', 'Ü'],
  [0x30, '+', '*', '~'],
  [0x31, '#', "'"],
  [0x33, 'ö', 'Ö'],
  [0x34, 'ä', 'Ä'],
  [0x35, '^', '°'],
  [0x36, ',', ';'],
  [0x37, '.', ':'],
  [0x38, '-', '_'],
  [0x64, '<', '>', '|'],
];

const FR: Row[] = [
  ...letters('qbcdefghijkl,noparstuvzxyw')
    .filter(([, p]) => p !== ',')
    .map(([k, p, s]) => (p === 'e' ? [k, p, s, '€'] : [k, p, s]) as Row),
  [0x10, ',', '?'],
  [0x33, 'm', 'M'],
  [0x1e, '&', '1'],
  [0x1f, 'é', '2', '~'],
  [0x20, '"', '3', '#'],
  [0x21, "'", '4', '{'],
  [0x22, '(', '5', '['],
  [0x23, '-', '6', '|'],
  [0x24, 'è', '7', '`'],
  [0x25, '_', '8', '\\'],
  [0x26, 'ç', '9', '^'],
  [0x27, 'à', '0', '@'],
  [0x2d, ')', '°', ']'],
  [0x2e, '=', '+', '}'],
  [0x2f, '^', '¨'],
  [0x30, '$', '£', '¤'],
  [0x31, '*', 'µ'],
  [0x34, 'ù', '%'],
  [0x35, '²', ''],
  [0x36, ';', '.'],
  [0x37, ':', '/'],
  [0x38, '!', '§'],
  [0x64, '<', '>'],
];

export type KeyLevel = 'plain' | 'shift' | 'altgr';

/** The `dead` entry of a key at a level. */
export const deadKey = (level: KeyLevel, usage: number) => `${level}:${usage}`;

function build(rows: Row[], dead: Array<[KeyLevel, number]> = []): KeyboardLayout {
  const plain = new Map<number, string>();
  const shift = new Map<number, string>();
  const altgr = new Map<number, string>();
  for (const [k, p, s, a] of [...SHARED, ...rows]) {
    if (p) plain.set(k, p);
    if (s) shift.set(k, s);
    if (a) altgr.set(k, a);
  }
  for (const m of [plain, shift, altgr]) {
    const v = m.get(BACKSLASH_KEY);
    if (v !== undefined) m.set(NON_US_HASH, v);
  }
  return { plain, shift, altgr, dead: new Set(dead.map(([l, k]) => deadKey(l, k))) };
}

/**
 * The keyboard layouts a keyboard-wedge scanner may be set to (see `LAYOUT_NAMES`).
 */
export const LAYOUTS = {
  us: build(US),
  uk: build(UK),
  // xkeyboard-config de(basic): ^ (TLDE), ´ and ` (AE12) are dead keys.
  de: build(DE, [
    ['plain', 0x35],
    ['plain', 0x2e],
    ['shift', 0x2e],
  ]),
  // fr(basic): ^ and ¨ (AD11) are dead keys.
  fr: build(FR, [
    ['plain', 0x2f],
    ['shift', 0x2f],
  ]),
} as const satisfies Record<string, KeyboardLayout>;

/**
 * The name of a built-in keyboard layout.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type LayoutName = keyof typeof LAYOUTS;

/**
 * The names of the built-in keyboard layouts, in the order `LAYOUTS` lists them.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { LAYOUT_NAMES } from 'yibao-pos/scanner';
 * console.log(LAYOUT_NAMES.join(', '));
 * ```
 */
export const LAYOUT_NAMES = Object.keys(LAYOUTS) as LayoutName[];

/**
 * The layout called `name`; throws SCAN_LAYOUT_UNKNOWN naming the layouts there are otherwise.
 *
 * @param name A layout name such as `us`, `uk`, `de` or `fr`.
 */
export function layoutByName(name: string): KeyboardLayout {
  if (Object.hasOwn(LAYOUTS, name)) return LAYOUTS[name as LayoutName];
  throw new ScannerError('SCAN_LAYOUT_UNKNOWN', { details: { layout: name, layouts: LAYOUT_NAMES } });
}

/** Whether `name` is one of LAYOUT_NAMES. */
export const isLayoutName = (name: string): name is LayoutName => Object.hasOwn(LAYOUTS, name);
