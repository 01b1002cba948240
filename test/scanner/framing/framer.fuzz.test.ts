/**
 * Fuzz: random and mutated byte streams, split at random points, give the
 * same frames and errors as the unsplit stream, and never throw.
 */
import { describe, expect, it } from 'vitest';
import { Framer } from '../../../src/scanner/framing/framer.js';
import { SUFFIX_NAMES, type FramingOptions } from '../../../src/scanner/framing/options.js';
import { makeScan } from '../../../src/scanner/scan.js';
import { bytes } from '../helpers.js';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frameAll(options: FramingOptions, chunks: Uint8Array[]) {
  const out: string[] = [];
  const f = new Framer({ frame: (x) => out.push(`${x.aimId ?? ''}|${Buffer.from(x.bytes).toString('hex')}`), error: (e) => out.push(`E:${e.code}`) }, options);
  for (const c of chunks) f.push(c);
  f.flush();
  return out;
}

const seeds = ['YBV1:eyJhbGciOiJFUzI1NiJ9.e30.sig', ']E06901234567892', ']d20106901234567892\x1d10LOT\x1d17271231', '阿莫西林胶囊 0.25g', '20123456789012345678', '\x02STX\x03'];

describe('Framer fuzz', () => {
  it('split streams frame exactly like the whole stream, and nothing throws', () => {
    const rnd = prng(20261122);
    for (let round = 0; round < 1500; round++) {
      const parts: number[] = [];
      const n = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < n; i++) {
        const pick = rnd();
        if (pick < 0.5) parts.push(...bytes(seeds[Math.floor(rnd() * seeds.length)]!), [0x0d, 0x0a, 0x09, 0x03][Math.floor(rnd() * 4)]!);
        else for (let k = Math.floor(rnd() * 40); k > 0; k--) parts.push(Math.floor(rnd() * 256));
      }
      // Mutations: flip, drop or duplicate bytes.
      for (let m = Math.floor(rnd() * 4); m > 0 && parts.length > 0; m--) {
        const at = Math.floor(rnd() * parts.length);
        const op = rnd();
        if (op < 0.33) parts[at] = Math.floor(rnd() * 256);
        else if (op < 0.66) parts.splice(at, 1);
        else parts.splice(at, 0, parts[at]!);
      }
      const stream = Uint8Array.from(parts);
      const options: FramingOptions = { suffix: SUFFIX_NAMES[Math.floor(rnd() * (SUFFIX_NAMES.length - 1))]!, maxLength: 8 + Math.floor(rnd() * 60) };
      const whole = frameAll(options, [stream]);
      const chunks: Uint8Array[] = [];
      let at = 0;
      while (at < stream.length) {
        const len = 1 + Math.floor(rnd() * 7);
        chunks.push(stream.subarray(at, at + len));
        at += len;
      }
      expect(frameAll(options, chunks), `round ${round}`).toEqual(whole);
      // Every frame decodes to a Scan without throwing, valid UTF-8 or not.
      const f = new Framer({ frame: (x) => void makeScan(x, 'fuzz', 0), error: () => undefined }, options);
      f.push(stream);
      f.flush();
    }
  });

  it('byte-at-a-time equals whole for well-formed scans, each scan once', () => {
    const stream = bytes(seeds.map((s) => s + '\r').join(''));
    const whole = frameAll({ suffix: 'cr' }, [stream]);
    const single = frameAll({ suffix: 'cr' }, [...stream].map((b) => Uint8Array.of(b)));
    expect(single).toEqual(whole);
    expect(whole).toHaveLength(seeds.length);
  });
});
