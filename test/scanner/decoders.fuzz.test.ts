/**
 * Fuzz of the other parsers: random HID POS reports, random keyboard
 * reports, random capture text and AIM prefixes. They refuse only with
 * ScannerError codes, never with anything else.
 */
import { describe, expect, it } from 'vitest';
import { YibaoError } from '../../src/lib/errors.js';
import { parseHidCapture } from '../../src/scanner/bindings/replay.js';
import { splitAim } from '../../src/scanner/framing/aim.js';
import { HidPosDecoder, hidPosReports } from '../../src/scanner/hid-pos.js';
import { KeyboardWedgeDecoder } from '../../src/scanner/keyboard-wedge.js';
import { text } from './helpers.js';

let seed = 0x5eed;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));

const onlyScanErrors = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(YibaoError.is(err) && ['SCAN_BAD_REPORT', 'SCAN_TOO_LONG'].includes(err.code)).toBe(true);
  }
};

describe('decoder fuzz', () => {
  it('HidPosDecoder: random and mutated reports; a good code after garbage still decodes', () => {
    const d = new HidPosDecoder(500);
    for (let i = 0; i < 3000; i++) {
      const r = rnd() < 0.5 ? randomBytes(Math.floor(rnd() * 70)) : hidPosReports(randomBytes(1 + Math.floor(rnd() * 200)))[0]!;
      if (rnd() < 0.3 && r.length > 0) r[0] = 0x02;
      onlyScanErrors(() => d.push(r));
    }
    d.reset();
    const frames = hidPosReports(new TextEncoder().encode('6901234567892')).map((r) => d.push(r)).filter(Boolean);
    expect(frames.map((f) => text(f!.bytes))).toEqual(['6901234567892']);
  });

  it('KeyboardWedgeDecoder never throws and emits only UTF-8', () => {
    const d = new KeyboardWedgeDecoder();
    for (let i = 0; i < 5000; i++) {
      const out = d.push(randomBytes(rnd() < 0.9 ? 8 : Math.floor(rnd() * 12)));
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(out)).not.toThrow();
    }
  });

  it('parseHidCapture refuses garbage with SCAN_BAD_REPORT only', () => {
    const alphabet = '0123456789abcdefABCDEF \t#\nxyz\r';
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: Math.floor(rnd() * 80) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      onlyScanErrors(() => parseHidCapture(s));
    }
  });

  it('splitAim: data plus AIM id always reassemble the input', () => {
    for (let i = 0; i < 3000; i++) {
      const b = rnd() < 0.5 ? Uint8Array.of(0x5d, ...randomBytes(Math.floor(rnd() * 6))) : randomBytes(Math.floor(rnd() * 6));
      const { aimId, data } = splitAim(b);
      const again = Uint8Array.of(...(aimId ? [...aimId].map((c) => c.charCodeAt(0)) : []), ...data);
      expect(again).toEqual(b);
    }
  });
});
