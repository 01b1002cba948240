/**
 * Every printable ASCII character and the voucher alphabet, typed as the
 * published layout tables say a keyboard types them, decoded back by our
 * layouts. The tables below are transcribed facts, in the Arduino Keyboard
 * library's notation (usage id, `S` = Shift, `G` = AltGr, and 0x32 standing
 * for the ISO key 0x64, as its KeyboardLayout.h `ISO_REPLACEMENT` says):
 *
 * - us: Arduino Keyboard `KeyboardLayout_en_US.cpp`
 * - de: Arduino Keyboard `KeyboardLayout_de_DE.cpp` (as shipped in
 *   espressif/arduino-esp32 libraries/USB/src/keyboardLayout); `^` and `` ` ``,
 *   which it cannot type, from xkeyboard-config `symbols/de`: dead keys TLDE
 *   and Shift+AE12, typed dead key + Space
 * - fr: Arduino Keyboard `KeyboardLayout_fr_FR.cpp`; `^` is xkeyboard-config
 *   fr(basic)'s dead_circumflex (AD11), typed dead key + Space
 * - uk: xkeyboard-config `symbols/gb` (basic) over the US table: AE02 `2 "`,
 *   AE03 `3 £`, AC11 `' @`, TLDE `` ` ¬ ``, BKSL `# ~` (HID 0x32), LSGT `\ |` (HID 0x64)
 */
import { describe, expect, it } from 'vitest';
import { LAYOUT_NAMES, LAYOUTS, layoutByName, type LayoutName } from '../../src/scanner/keyboard-layouts.js';
import { KeyboardWedgeDecoder, keyboardReports } from '../../src/scanner/keyboard-wedge.js';
import { ReplayBinding } from '../../src/scanner/bindings/replay.js';
import { runToEnd, text } from './helpers.js';

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
const VOUCHER_ALPHABET = 'YBV1:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';

/** One entry per character 0x20…0x7E: `2c`, `1e S`, `14 G`, or `dead:35` / `dead:2e S` (dead key, then Space). */
type Table = Record<string, string>;

function table(symbols: string, entries: string): Table {
  const list = entries.trim().split(/\s*,\s*/);
  expect(list).toHaveLength(symbols.length);
  return Object.fromEntries([...symbols].map((c, i) => [c, list[i]!]));
}

const lettersOf = (order: string) => Object.fromEntries([...order].flatMap((c, i) => [[c, (0x04 + i).toString(16).padStart(2, '0')], [c.toUpperCase(), `${(0x04 + i).toString(16).padStart(2, '0')} S`]]));
const SYMBOLS = PRINTABLE.replace(/[A-Za-z]/g, '');

const PUBLISHED: Record<LayoutName, Table> = {
  us: {
    ...lettersOf('abcdefghijklmnopqrstuvwxyz'),
    ...table(SYMBOLS, `2c, 1e S, 34 S, 20 S, 21 S, 22 S, 24 S, 34, 26 S, 27 S, 25 S, 2e S, 36, 2d, 37, 38,
      27, 1e, 1f, 20, 21, 22, 23, 24, 25, 26, 33 S, 33, 36 S, 2e, 37 S, 38 S, 1f S,
      2f, 31, 30, 23 S, 2d S, 35, 2f S, 31 S, 30 S, 35 S`),
  },
  de: {
    ...lettersOf('abcdefghijklmnopqrstuvwxzy'),
    ...table(SYMBOLS, `2c, 1e S, 1f S, 31, 21 S, 22 S, 23 S, 31 S, 25 S, 26 S, 30 S, 30, 36, 38, 37, 24 S,
      27, 1e, 1f, 20, 21, 22, 23, 24, 25, 26, 37 S, 36 S, 32, 27 S, 32 S, 2d S, 14 G,
      25 G, 2d G, 26 G, dead:35, 38 S, dead:2e S, 24 G, 32 G, 27 G, 30 G`),
  },
  fr: {
    ...lettersOf('qbcdefghijkl,noparstuvzxyw'.replace(',', '_')),
    m: '33',
    M: '33 S',
    ...table(SYMBOLS, `2c, 38, 20, 20 G, 30, 34 S, 1e, 21, 22, 2d, 31, 2e S, 10, 23, 36 S, 37 S,
      27 S, 1e S, 1f S, 20 S, 21 S, 22 S, 23 S, 24 S, 25 S, 26 S, 37, 36, 32, 2e, 32 S, 10 S, 27 G,
      22 G, 25 G, 2d G, dead:2f, 25, 24 G, 21 G, 23 G, 2e G, 1f G`),
  },
  uk: {
    ...lettersOf('abcdefghijklmnopqrstuvwxyz'),
    ...table(SYMBOLS, `2c, 1e S, 1f S, 32, 21 S, 22 S, 24 S, 34, 26 S, 27 S, 25 S, 2e S, 36, 2d, 37, 38,
      27, 1e, 1f, 20, 21, 22, 23, 24, 25, 26, 33 S, 33, 36 S, 2e, 37 S, 38 S, 34 S,
      2f, 64, 30, 23 S, 2d S, 35, 2f S, 64 S, 30 S, 32 S`),
  },
};

const release = new Uint8Array(8);

/** The reports the published table says type `s` (Arduino notation: 0x32 means the ISO key 0x64, except on uk, spelled out). */
function publishedReports(layout: LayoutName, s: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const ch of s) {
    const entry = PUBLISHED[layout][ch];
    if (!entry) throw new Error(`${layout}: no published entry for ${ch}`);
    const dead = entry.startsWith('dead:');
    const [hex, mod] = entry.replace('dead:', '').split(' ');
    let key = parseInt(hex!, 16);
    if (layout !== 'uk' && key === 0x32) key = 0x64;
    const mods = mod === 'S' ? 0x02 : mod === 'G' ? 0x40 : 0;
    out.push(Uint8Array.of(mods, 0, key, 0, 0, 0, 0, 0), release);
    if (dead) out.push(Uint8Array.of(0, 0, 0x2c, 0, 0, 0, 0, 0), release);
  }
  return out;
}

const decode = (layout: LayoutName, reports: Uint8Array[]) => {
  const d = new KeyboardWedgeDecoder(layout);
  const s = reports.map((r) => text(d.push(r))).join('');
  return { s, unknown: d.takeUnknown() };
};

describe.each(LAYOUT_NAMES)('layout %s against its published table', (layout) => {
  it('the published table covers all 95 printable ASCII characters', () => {
    expect(Object.keys(PUBLISHED[layout]).sort()).toEqual([...PRINTABLE].sort());
  });

  it.each([...PRINTABLE].map((c) => [c]))('types %j', (ch) => {
    expect(decode(layout, publishedReports(layout, ch))).toEqual({ s: ch, unknown: undefined });
  });

  it('types all printable ASCII in one run (dead keys do not leak into the next character)', () => {
    expect(decode(layout, publishedReports(layout, PRINTABLE)).s).toBe(PRINTABLE);
  });

  it('types the voucher alphabet, and a voucher scanned in keyboard mode is a voucher', async () => {
    expect(decode(layout, publishedReports(layout, VOUCHER_ALPHABET)).s).toBe(VOUCHER_ALPHABET);
    const voucher = 'YBV1:eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4LV8ifQ.c2ln-_Q';
    const enter = [Uint8Array.of(0, 0, 0x28, 0, 0, 0, 0, 0), release];
    const { scans } = await runToEnd({ binding: new ReplayBinding([...publishedReports(layout, voucher), ...enter], 'keyboard', `capture:${layout}`), layout });
    expect(scans.map((s) => [s.text, s.kind])).toEqual([[voucher, 'voucher']]);
  });

  it('our encoder (keyboardReports) types what the published table types', () => {
    expect(decode(layout, keyboardReports(PRINTABLE, layout)).s).toBe(PRINTABLE);
  });
});

describe('layout regressions seen in the field', () => {
  it('fr: `:` `/` `.` `;` `!` `)` `$` `*` `%` come out right, so YBV1: stays a voucher prefix', () => {
    expect(decode('fr', publishedReports('fr', 'YBV1:/.;!)$*%')).s).toBe('YBV1:/.;!)$*%');
  });
  it('de: AltGr types @ [ ] { } \\ | ~, not q 8 9 7 ß < +', () => {
    expect(decode('de', publishedReports('de', '@[]{}\\|~+*#\'<>')).s).toBe('@[]{}\\|~+*#\'<>');
  });
  it('de: a dead key followed by a vowel composes, as on the host', () => {
    const r = [Uint8Array.of(0, 0, 0x35, 0, 0, 0, 0, 0), release, Uint8Array.of(0, 0, 0x08, 0, 0, 0, 0, 0), release];
    expect(decode('de', r).s).toBe('ê');
  });
  it('Ctrl+Alt is AltGr (Windows), right Alt too', () => {
    expect(decode('de', [Uint8Array.of(0x05, 0, 0x14, 0, 0, 0, 0, 0)]).s).toBe('@');
    expect(decode('de', [Uint8Array.of(0x40, 0, 0x14, 0, 0, 0, 0, 0)]).s).toBe('@');
  });
  it('a combination the layout does not type is reported, not guessed (AltGr+Q on us)', () => {
    expect(decode('us', [Uint8Array.of(0x40, 0, 0x14, 0, 0, 0, 0, 0)])).toEqual({ s: '', unknown: { key: 0x14, modifiers: 0x40 } });
  });
});

describe('unknown layouts', () => {
  it('a layout we do not have is SCAN_LAYOUT_UNKNOWN naming the ones we have', () => {
    expect(() => layoutByName('es')).toThrowError(expect.objectContaining({ code: 'SCAN_LAYOUT_UNKNOWN', details: { layout: 'es', layouts: ['us', 'uk', 'de', 'fr'] } }));
    expect(() => new KeyboardWedgeDecoder('jp' as LayoutName)).toThrowError(expect.objectContaining({ code: 'SCAN_LAYOUT_UNKNOWN' }));
    expect(() => layoutByName('toString')).toThrowError(expect.objectContaining({ code: 'SCAN_LAYOUT_UNKNOWN' }));
    expect(Object.keys(LAYOUTS)).toEqual(LAYOUT_NAMES);
  });
});

describe('control characters and ISO/IEC 15434 envelopes in keyboard mode', () => {
  const ctrl = (key: number, shift = false) => [Uint8Array.of(0x01 | (shift ? 0x02 : 0), 0, key, 0, 0, 0, 0, 0), release];
  const GS = ctrl(0x30); // Ctrl+]
  const RS = ctrl(0x23, true); // Ctrl+^ (Ctrl+Shift+6)
  const EOT = ctrl(0x07); // Ctrl+D
  const enter = [Uint8Array.of(0, 0, 0x28, 0, 0, 0, 0, 0), release];

  it.each(LAYOUT_NAMES)('%s: a whole envelope, [)> RS 06 GS … RS EOT, comes through as one scan', async (layout) => {
    // Format 06 (GS1 AIs) with a GTIN and a lot: the shape of GS1/healthcare 2D labels.
    const reports = [
      ...publishedReports(layout, '[)>'),
      ...RS,
      ...publishedReports(layout, '06'),
      ...GS,
      ...publishedReports(layout, '0106901234567892'),
      ...GS,
      ...publishedReports(layout, '10LOT-7'),
      ...RS,
      ...EOT,
      ...enter,
    ];
    const { scans } = await runToEnd({ binding: new ReplayBinding(reports, 'keyboard', `envelope:${layout}`), layout });
    expect(scans.map((s) => s.text)).toEqual(['[)>\x1e06\x1d0106901234567892\x1d10LOT-7\x1e\x04']);
  });

  it('Ctrl+6 and Ctrl+- (no Shift) are RS and US too; Ctrl+\\ is FS; every Ctrl+letter is its control code', () => {
    expect(decode('us', [...ctrl(0x23), ...ctrl(0x2d), ...ctrl(0x31)]).s).toBe('\x1e\x1f\x1c');
    const all = Array.from({ length: 26 }, (_, i) => String.fromCharCode(0x61 + i));
    for (const layout of LAYOUT_NAMES) {
      const reports = all.flatMap((c) => ctrl(parseInt(PUBLISHED[layout][c]!, 16)));
      expect(decode(layout, reports).s).toBe(all.map((c) => String.fromCharCode(c.charCodeAt(0) - 0x60)).join(''));
    }
  });

  it('a scan with a key the layout does not type is dropped with SCAN_LAYOUT_MISMATCH, the next scan is fine', async () => {
    const bad = [...publishedReports('us', 'AB'), Uint8Array.of(0x40, 0, 0x14, 0, 0, 0, 0, 0), release, ...publishedReports('us', 'C'), ...enter];
    const good = [...publishedReports('us', 'OK1'), ...enter];
    const { scans, errors } = await runToEnd({ binding: new ReplayBinding([...bad, ...good], 'keyboard', 'mismatch') });
    expect(scans.map((s) => s.text)).toEqual(['OK1']);
    expect(errors).toEqual([expect.objectContaining({ code: 'SCAN_LAYOUT_MISMATCH', details: expect.objectContaining({ layout: 'us', layouts: LAYOUT_NAMES, key: 0x14, modifiers: 0x40 }) })]);
  });
});
