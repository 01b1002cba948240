import { describe, expect, it } from 'vitest';
import { ScannerError } from '../../../src/scanner/errors.js';
import { Framer } from '../../../src/scanner/framing/framer.js';
import type { FramingOptions } from '../../../src/scanner/framing/options.js';
import { makeScan, type Frame } from '../../../src/scanner/scan.js';
import { bytes, manualTimer, text } from '../helpers.js';

function run(options: FramingOptions, ...chunks: (string | Uint8Array)[]) {
  const frames: Frame[] = [];
  const errors: InstanceType<typeof ScannerError>[] = [];
  const f = new Framer({ frame: (x) => frames.push(x), error: (e) => errors.push(e) }, options);
  for (const c of chunks) f.push(typeof c === 'string' ? bytes(c) : c);
  return { frames, errors, f, texts: () => frames.map((x) => text(x.bytes)) };
}

describe('Framer', () => {
  it.each([
    ['cr', 'A\rB\r'],
    ['lf', 'A\nB\n'],
    ['crlf', 'A\r\nB\r\n'],
    ['tab', 'A\tB\t'],
    ['etx', '\x02A\x03\x02B\x03'],
  ] as const)('frames on suffix %s', (suffix, stream) => {
    expect(run({ suffix }, stream).texts()).toEqual(['A', 'B']);
  });

  it('keeps a partial scan until its suffix arrives, across reads', () => {
    const r = run({ suffix: 'crlf' }, '690123', '4567892\r', '\nYBV1:x\r\n');
    expect(r.texts()).toEqual(['6901234567892', 'YBV1:x']);
  });

  it('a CR inside a CRLF-framed scan is data', () => {
    expect(run({ suffix: 'crlf' }, 'a\rb\r\n').texts()).toEqual(['a\rb']);
  });

  it('skips empty frames (a lone suffix)', () => {
    expect(run({ suffix: 'cr' }, '\r\rX\r\r').texts()).toEqual(['X']);
  });

  it('strips an STX prefix only when present', () => {
    expect(run({ suffix: 'cr', prefix: 'stx' }, '\x02A\rB\r').texts()).toEqual(['A', 'B']);
  });

  it('splits off AIM ids and keeps GS bytes', () => {
    const r = run({ suffix: 'cr' }, ']d20106901234567892\x1d10LOT\r]Q1YBV1:abc\r]E06901234567892\r');
    expect(r.frames.map((x) => [x.aimId, text(x.bytes)])).toEqual([
      [']d2', '0106901234567892\x1d10LOT'],
      [']Q1', 'YBV1:abc'],
      [']E0', '6901234567892'],
    ]);
    expect(r.frames[0]!.bytes).toContain(0x1d);
  });

  it('does not take AIM ids when told not to', () => {
    expect(run({ suffix: 'cr', aim: 'never' }, ']Q1x\r').frames[0]).toEqual({ bytes: bytes(']Q1x') });
  });

  it('ends a scan after the inter-byte gap (no suffix), via the injected timer', () => {
    const timer = manualTimer();
    const r = run({ suffix: 'none', interByteTimeoutMs: 50, timer }, '6901', '234567892');
    expect(r.frames).toHaveLength(0);
    expect(timer.delays).toEqual([50, 50]);
    timer.fire();
    expect(r.texts()).toEqual(['6901234567892']);
    r.f.push(bytes('20123456789012345678'));
    timer.fire();
    expect(r.texts()).toEqual(['6901234567892', '20123456789012345678']);
  });

  it('a runaway stream is SCAN_TOO_LONG once, and framing resumes after the next suffix', () => {
    const r = run({ suffix: 'cr', maxLength: 10 }, 'OK1\r', 'x'.repeat(25), 'yyyy\rNEXT\r');
    expect(r.texts()).toEqual(['OK1', 'NEXT']);
    expect(r.errors.map((e) => e.code)).toEqual(['SCAN_TOO_LONG']);
    expect(r.errors[0]!.details).toMatchObject({ maxLength: 10 });
  });

  it('a scan of exactly maxLength is accepted, with a multi-byte suffix', () => {
    const r = run({ suffix: 'crlf', maxLength: 5 }, '12345\r\n123456\r\nok\r\n');
    expect(r.texts()).toEqual(['12345', 'ok']);
    expect(r.errors).toHaveLength(1);
  });

  it('with a gap timeout, a too-long stream resynchronises after the gap too', () => {
    const timer = manualTimer();
    const r = run({ suffix: 'none', interByteTimeoutMs: 20, maxLength: 4, timer }, '123456789');
    timer.fire();
    r.f.push(bytes('abc'));
    timer.fire();
    expect(r.texts()).toEqual(['abc']);
    expect(r.errors.map((e) => e.code)).toEqual(['SCAN_TOO_LONG']);
  });

  it('flush() ends a partial scan; reset() drops it', () => {
    const r = run({ suffix: 'cr' }, 'abc');
    r.f.flush();
    r.f.push(bytes('def'));
    r.f.reset();
    r.f.push(bytes('g\r'));
    expect(r.texts()).toEqual(['abc', 'g']);
  });

  it('decodes UTF-8 split across reads (Chinese drug names)', () => {
    const all = bytes('阿莫西林胶囊\r');
    const r = run({ suffix: 'cr' }, all.subarray(0, 4), all.subarray(4, 5), all.subarray(5));
    const scan = makeScan(r.frames[0]!, 'test', 1);
    expect(scan.text).toBe('阿莫西林胶囊');
    expect(scan.invalidUtf8).toBeUndefined();
  });

  it('keeps invalid UTF-8 as bytes and flags it, without throwing', () => {
    const r = run({ suffix: 'cr' }, Uint8Array.of(0x41, 0xff, 0xc3, 0x42, 0x0d));
    const scan = makeScan(r.frames[0]!, 'test', 1);
    expect(scan.bytes).toEqual(Uint8Array.of(0x41, 0xff, 0xc3, 0x42));
    expect(scan.invalidUtf8).toBe(true);
    expect(scan.text).toBe('A\ufffd\ufffdB');
  });
});
