import { describe, expect, it } from 'vitest';
import { createFrameReader, type FrameResult } from '../../src/camera/index.js';
import { drawCodes, VOUCHER } from './helpers.js';

const W = 320;
const H = 240;
const blank = { data: new Uint8Array(W * H).fill(200), width: W, height: H, format: 'gray' as const };
const coded = { data: drawCodes(W, H, [{ text: VOUCHER, x: 40, y: 20, scale: 3 }]), width: W, height: H, format: 'gray' as const };

describe('createFrameReader', () => {
  it('skips frames pushed while one decodes, stops after the first code, reports decode ms by the given clock', async () => {
    let t = 0;
    const now = () => (t += 5); // every reading of the clock moves 5 ms
    const reader = createFrameReader({ now, budgetMs: 1_000 });
    const frames: FrameResult[] = [];
    const codes: FrameResult[] = [];
    reader.on('frame', (r) => frames.push(r));
    reader.on('code', (r) => codes.push(r));

    expect(reader.push(blank)).toBe(true);
    expect(reader.push(coded)).toBe(false); // busy: skipped, not queued
    await reader.idle();
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ frame: 1, codes: [] });
    expect(frames[0]!.decodeMs).toBeGreaterThan(0);

    expect(reader.push(coded)).toBe(true);
    await reader.idle();
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatchObject({ frame: 3, codes: [{ text: VOUCHER, kind: 'voucher', symbology: 'qr' }] });
    expect(codes[0]!.decodeMs % 5).toBe(0);
    expect(reader.stopped).toBe(true);

    expect(reader.push(coded)).toBe(false); // stopped after the code
    expect(reader.stats()).toMatchObject({ pushed: 4, decoded: 2, skipped: 2 });
  });

  it('continuous mode keeps reading; stop() ends it; a bad frame is reported and reading goes on', async () => {
    const errors: unknown[] = [];
    const seen: number[] = [];
    const reader = createFrameReader({ continuous: true, onCode: (r) => seen.push(r.frame), onError: (e) => errors.push(e) });
    reader.push(coded);
    await reader.idle();
    reader.push({ data: new Uint8Array(3), width: W, height: H, format: 'gray' });
    await reader.idle();
    reader.push(coded);
    await reader.idle();
    expect(seen).toEqual([1, 3]);
    expect(errors).toEqual([expect.objectContaining({ code: 'SCAN_IMAGE_FORMAT' })]);
    reader.stop();
    expect(reader.push(coded)).toBe(false);
  });
});
