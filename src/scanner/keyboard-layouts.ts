/**
 * Keyboard layouts for the keyboard-wedge decoder: HID usage id → character,
 * unshifted and shifted. `us` is complete for what scanners type; others
 * override the keys that differ. Add a layout by listing its differences.
 *
 * @module
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */

export interface KeyboardLayout {
  readonly plain: ReadonlyMap<number, string>;
  readonly shift: ReadonlyMap<number, string>;
}

function usMaps(): { plain: Map<number, string>; shift: Map<number, string> } {
  const plain = new Map<number, string>();
  const shift = new Map<number, string>();
  for (let i = 0; i < 26; i++) {
    plain.set(0x04 + i, String.fromCharCode(0x61 + i));
    shift.set(0x04 + i, String.fromCharCode(0x41 + i));
  }
  const digits = '1234567890';
  const shifted = '!@#$%^&*()';
  for (let i = 0; i < 10; i++) {
    plain.set(0x1e + i, digits[i]!);
    shift.set(0x1e + i, shifted[i]!);
  }
  const rest: [number, string, string][] = [
    [0x2c, ' ', ' '],
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
    // Keypad, which some scanners use for digits.
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
  for (const [k, p, s] of rest) {
    plain.set(k, p);
    shift.set(k, s);
  }
  return { plain, shift };
}

function derive(diff: [number, string, string][]): KeyboardLayout {
  const { plain, shift } = usMaps();
  for (const [k, p, s] of diff) {
    plain.set(k, p);
    shift.set(k, s);
  }
  return { plain, shift };
}

/**
 * The keyboard layouts a keyboard-wedge scanner may be set to: `us`, `de`, `fr`.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { HidScanner, LAYOUTS } from 'yibao-pos/scanner';
 * console.log(Object.keys(LAYOUTS));
 * const scanner = new HidScanner({ vendorId: 0x0c2e, productId: 0x0b61, mode: 'keyboard', layout: 'fr' });
 * ```
 */
export const LAYOUTS: Readonly<Record<'us' | 'de' | 'fr', KeyboardLayout>> = {
  us: derive([]),
  // German QWERTZ: Y/Z swapped and the shifted digit row differs.
  de: derive([
    [0x1c, 'z', 'Z'],
    [0x1d, 'y', 'Y'],
    [0x1f, '2', '"'],
    [0x20, '3', '§'],
    [0x23, '6', '&'],
    [0x24, '7', '/'],
    [0x25, '8', '('],
    [0x26, '9', ')'],
    [0x27, '0', '='],
    [0x2d, 'ß', '?'],
    [0x36, ',', ';'],
    [0x37, '.', ':'],
    [0x38, '-', '_'],
  ]),
  // French AZERTY: the digit row types digits only with shift.
  fr: derive([
    [0x14, 'a', 'A'],
    [0x04, 'q', 'Q'],
    [0x1a, 'z', 'Z'],
    [0x1d, 'w', 'W'],
    [0x33, 'm', 'M'],
    [0x10, ',', '?'],
    [0x1e, '&', '1'],
    [0x1f, 'é', '2'],
    [0x20, '"', '3'],
    [0x21, "'", '4'],
    [0x22, '(', '5'],
    [0x23, '-', '6'],
    [0x24, 'è', '7'],
    [0x25, '_', '8'],
    [0x26, 'ç', '9'],
    [0x27, 'à', '0'],
  ]),
};
/**
 * The name of a built-in keyboard layout.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type LayoutName = keyof typeof LAYOUTS;
