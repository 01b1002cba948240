import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHidCapture } from '../../src/scanner/bindings/replay.js';
import { HidPosDecoder, hidPosReports } from '../../src/scanner/hid-pos.js';
import { makeScan, type Frame } from '../../src/scanner/scan.js';
import { bytes, text } from './helpers.js';

const fixture = (name: string) => parseHidCapture(readFileSync(new URL(`../../fixtures/scanner/${name}`, import.meta.url), 'utf8'));

function decodeAll(reports: Uint8Array[], d = new HidPosDecoder()) {
  const frames: Frame[] = [];
  for (const r of reports) {
    const f = d.push(r);
    if (f) frames.push(f);
  }
  return frames;
}

describe('HidPosDecoder', () => {
  it('decodes a single-report EAN-13 with its AIM id', () => {
    const reports = fixture('hid-pos-single.hex');
    expect(reports).toHaveLength(1);
    const [f] = decodeAll(reports);
    expect(makeScan(f!, 'hid', 1)).toMatchObject({ text: '6901234567892', aimId: ']E0', symbology: 'ean13', kind: 'item' });
  });

  it('joins a long voucher spread over several reports, then a GS1 DataMatrix keeping GS', () => {
    const reports = fixture('hid-pos-multi.hex');
    const expected = JSON.parse(readFileSync(new URL('../../fixtures/scanner/hid-pos-multi.expected.json', import.meta.url), 'utf8')) as { text: string; aimId: string }[];
    expect(reports.length).toBeGreaterThan(3);
    const frames = decodeAll(reports);
    expect(frames.map((f) => ({ text: text(f.bytes), aimId: f.aimId }))).toEqual(expected);
    expect(makeScan(frames[0]!, 'hid', 1).kind).toBe('voucher');
    expect(frames[1]!.bytes.filter((b) => b === 0x1d)).toHaveLength(2);
  });

  it('round-trips hidPosReports for lengths around the 56-byte boundary', () => {
    for (const n of [1, 55, 56, 57, 112, 113, 500]) {
      const data = bytes('x'.repeat(n - 1) + 'y');
      const frames = decodeAll(hidPosReports(data, ']Q1'));
      expect(frames).toHaveLength(1);
      expect(frames[0]!.bytes).toEqual(data);
    }
  });

  it('ignores other report ids and refuses a length beyond the report (SCAN_BAD_REPORT), then recovers', () => {
    const d = new HidPosDecoder();
    expect(d.push(Uint8Array.of(0x04, 1, 2, 3))).toBeUndefined();
    const bad = new Uint8Array(64);
    bad[0] = 2;
    bad[1] = 60;
    expect(() => d.push(bad)).toThrow(expect.objectContaining({ code: 'SCAN_BAD_REPORT' }));
    expect(decodeAll(hidPosReports(bytes('ok')), d).map((f) => text(f.bytes))).toEqual(['ok']);
  });

  it('caps joined length with SCAN_TOO_LONG', () => {
    const d = new HidPosDecoder(100);
    const reports = hidPosReports(bytes('z'.repeat(300)));
    expect(() => reports.forEach((r) => d.push(r))).toThrow(expect.objectContaining({ code: 'SCAN_TOO_LONG' }));
  });
});
