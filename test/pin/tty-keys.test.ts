import { describe, expect, it } from 'vitest';
import { decodeTtyKeys, type TtyKey } from '../../src/pin/tty-keys.js';

const kinds = (s: string) => decodeTtyKeys(Buffer.from(s, 'latin1')).map((k) => (k.kind === 'digit' ? String.fromCharCode(k.byte) : k.kind));

describe('decodeTtyKeys', () => {
  it('reads digits, Backspace (DEL and BS), Enter (CR, LF, CR LF once)', () => {
    expect(kinds('12\x7f3\x08')).toEqual(['1', '2', 'backspace', '3', 'backspace']);
    expect(kinds('\r')).toEqual(['enter']);
    expect(kinds('\n')).toEqual(['enter']);
    expect(kinds('\r\n')).toEqual(['enter']);
  });

  it('reads Esc, Ctrl+C and Ctrl+D as cancel', () => {
    expect(kinds('\x1b')).toEqual(['cancel']);
    expect(kinds('\x03')).toEqual(['cancel']);
    expect(kinds('\x04')).toEqual(['cancel']);
    expect(kinds('\x1bx')).toEqual(['cancel', 'ignored']);
  });

  it('ignores arrow and function keys instead of cancelling', () => {
    expect(kinds('\x1b[A')).toEqual(['ignored']);
    expect(kinds('\x1b[15~')).toEqual(['ignored']);
    expect(kinds('\x1bOP5')).toEqual(['ignored', '5']);
    expect(kinds('\x1b[1;5C7')).toEqual(['ignored', '7']);
    expect(kinds('a b')).toEqual(['ignored', 'ignored', 'ignored']);
  });

  it('fuzz: never throws, every digit byte is reported once, keys never exceed bytes', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(Math.floor(rnd() * 16));
      for (let j = 0; j < bytes.length; j++) bytes[j] = rnd() < 0.3 ? 0x1b : rnd() < 0.5 ? 0x30 + Math.floor(rnd() * 10) : Math.floor(rnd() * 256);
      const keys: TtyKey[] = decodeTtyKeys(bytes);
      expect(keys.length).toBeLessThanOrEqual(bytes.length);
      // Digits outside escape sequences are all reported.
      if (!bytes.includes(0x1b)) expect(keys.filter((k) => k.kind === 'digit').length).toBe(bytes.filter((b) => b >= 0x30 && b <= 0x39).length);
    }
  });
});
