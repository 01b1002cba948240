import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHidCapture } from '../../src/scanner/bindings/replay.js';
import { KeyboardWedgeDecoder, keyboardReports } from '../../src/scanner/keyboard-wedge.js';
import { text } from './helpers.js';

const typed = (reports: Uint8Array[], d = new KeyboardWedgeDecoder()) => reports.map((r) => text(d.push(r))).join('');

describe('KeyboardWedgeDecoder', () => {
  it('decodes the recorded wedge fixture: shift, held and repeated keys, rollover, Enter/Tab, Ctrl+] as GS', () => {
    const reports = parseHidCapture(readFileSync(new URL('../../fixtures/scanner/wedge-us.hex', import.meta.url), 'utf8'));
    expect(typed(reports)).toBe('YBV1:Ab-11\r2024\r10\x1d2\r');
  });

  it('"11" needs a release in between: a key held over reports counts once', () => {
    const down = Uint8Array.of(0, 0, 0x1e, 0, 0, 0, 0, 0);
    expect(typed([down, down, down])).toBe('1');
    expect(typed([down, new Uint8Array(8), down])).toBe('11');
  });

  it('ignores the phantom (rollover error) state', () => {
    expect(typed([Uint8Array.of(0, 0, 0x04, 0, 0, 0, 0, 0), Uint8Array.of(0, 0, 1, 1, 1, 1, 1, 1), Uint8Array.of(0, 0, 0x04, 0x05, 0, 0, 0, 0)])).toBe('ab');
  });

  it('uses the layout table (de: Y and Z swapped)', () => {
    const z = Uint8Array.of(0, 0, 0x1d, 0, 0, 0, 0, 0);
    expect(typed([z], new KeyboardWedgeDecoder('de'))).toBe('y');
    expect(typed([z], new KeyboardWedgeDecoder('us'))).toBe('z');
  });

  it('round-trips printable ASCII through keyboardReports', () => {
    let s = '';
    for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
    expect(typed(keyboardReports(s + '\x1d'))).toBe(s + '\x1d');
  });

  it('accepts 9-byte reports with a report id in front', () => {
    expect(typed([Uint8Array.of(1, 2, 0, 0x04, 0, 0, 0, 0, 0)])).toBe('A');
  });
});
