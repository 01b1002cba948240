/**
 * HID POS as scanners in the field send it: with and without the AIM field,
 * with a CR/CRLF suffix inside the data, a suffix-only report; and capture
 * files told apart by shape (8- or 9-byte keyboard reports, 64-byte HID POS)
 * or by a `# format:` header line.
 */
import { describe, expect, it } from 'vitest';
import { captureFormat, readCapture, ReplayBinding } from '../../src/scanner/bindings/replay.js';
import type { BindingFormat } from '../../src/scanner/binding.js';
import { SUFFIXES } from '../../src/scanner/framing/options.js';
import { HidPosDecoder } from '../../src/scanner/hid-pos.js';
import { keyboardReports } from '../../src/scanner/keyboard-wedge.js';
import type { LayoutName } from '../../src/scanner/keyboard-layouts.js';
import type { SuffixName } from '../../src/scanner/framing/options.js';
import { runToEnd, text } from './helpers.js';

/** A 64-byte report: id 2, count, then `body` (AIM field and data, or data alone). */
function report(count: number, body: number[] | string, more = false): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 2;
  r[1] = count;
  r.set(typeof body === 'string' ? [...body].map((c) => c.charCodeAt(0)) : body, 2);
  r[63] = more ? 1 : 0;
  return r;
}

async function replay(reports: Uint8Array[], format?: BindingFormat, options: { suffix?: SuffixName; layout?: LayoutName } = {}) {
  const { scans } = await runToEnd({
    binding: new ReplayBinding(reports, format, `replay:${Math.random()}`),
    framing: options.suffix ? { suffix: options.suffix } : {},
    ...(options.layout ? { layout: options.layout } : {}),
  });
  return scans;
}

describe('HID POS variants', () => {
  it('no AIM field: data from byte 2 is kept whole (no three bytes lost), the symbology is guessed', () => {
    const f = new HidPosDecoder().push(report(13, '6901234567892'));
    expect(f && { text: text(f.bytes), aimId: f.aimId }).toEqual({ text: '6901234567892', aimId: undefined });
  });

  it('an AIM field of zeros: data from byte 5, no AIM id', () => {
    const f = new HidPosDecoder().push(report(4, [0, 0, 0, ...'ABCD'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c))));
    expect(f && text(f.bytes)).toBe('ABCD');
  });

  it('joins continuation reports without an AIM field', () => {
    const d = new HidPosDecoder();
    expect(d.push(report(3, 'YBV', true))).toBeUndefined();
    expect(text(d.push(report(4, '1:ab'))!.bytes)).toBe('YBV1:ab');
  });

  it.each([
    ['cr', 'ABC\r', 'ABC'],
    ['crlf', 'ABC\r\n', 'ABC'],
    ['none', 'ABC\r', 'ABC\r'],
  ] as const)('suffix %s inside the data: %j → %j', (suffix, data, expected) => {
    const f = new HidPosDecoder(8192, SUFFIXES[suffix]).push(report(data.length, `]E0${data}`));
    expect(f && text(f.bytes)).toBe(expected);
  });

  it('a report holding only the suffix is no scan; through the Scanner a code then its CR report is one scan', async () => {
    expect(new HidPosDecoder(8192, SUFFIXES.cr).push(report(1, '\r'))).toBeUndefined();
    expect(new HidPosDecoder(8192, SUFFIXES.crlf).push(report(2, [0, 0, 0, 13, 10]))).toBeUndefined();
    const scans = await replay([report(13, ']E06901234567892'), report(1, '\r'), report(6, 'YBV1:x\r')], 'hid-pos');
    expect(scans.map((s) => [s.text, s.aimId ?? null, s.symbology, s.kind])).toEqual([
      ['6901234567892', ']E0', 'ean13', 'item'],
      ['YBV1:x', null, 'qr', 'voucher'],
    ]);
  });
});

describe('capture files', () => {
  const hex = (reports: Uint8Array[]) => reports.map((r) => Buffer.from(r).toString('hex').replace(/(..)/g, '$1 ').trim()).join('\n');
  const withId = (reports: Uint8Array[], id = 1) => reports.map((r) => Uint8Array.of(id, ...r));

  it('8-byte reports are keyboard; 9-byte reports with one report id and zero releases are keyboard too', async () => {
    const eight = keyboardReports('AB1\r');
    expect(captureFormat(eight)).toBe('keyboard');
    expect(captureFormat(withId(eight))).toBe('keyboard');
    const { reports, format } = readCapture(hex(withId(keyboardReports('YBV1:9byte\r', 'de'))));
    expect(format).toBe('keyboard');
    expect((await replay(reports, format, { layout: 'de' })).map((s) => s.text)).toEqual(['YBV1:9byte']);
  });

  it('64-byte and short (count + 5) HID POS reports are HID POS', () => {
    expect(captureFormat([report(3, ']Q1abc')])).toBe('hid-pos');
    expect(captureFormat([Uint8Array.of(2, 4, 0x5d, 0x45, 0x30, 0x31, 0x32, 0x33, 0x34)])).toBe('hid-pos');
  });

  it('a `# format:` header line names the kind whatever the shape', () => {
    const text9 = hex([Uint8Array.of(2, 4, 0, 0, 0, 0x31, 0x32, 0x33, 0x34)]);
    expect(readCapture(text9).format).toBe('hid-pos');
    expect(readCapture(`# format: keyboard\n${text9}`).format).toBe('keyboard');
    expect(readCapture(`# Format: HID-POS\n${hex(keyboardReports('x'))}`).format).toBe('hid-pos');
  });
});
