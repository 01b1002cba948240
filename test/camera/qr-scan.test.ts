import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import toSJIS from 'qrcode/helper/to-sjis.js';
import { manualClock } from '../../src/lib/clock.js';
import { decodeImage } from '../../src/camera/decode.js';
import { decodeQrImage } from '../../src/camera/qr-scan.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

describe('decodeQrImage', () => {
  it('round-trips a voucher QR made by the qrcode package (PNG)', async () => {
    const text = 'YBV1:eyJhbGciOiJFUzI1NiJ9.eyJ0b2siOiIxMjMifQ.' + 'S'.repeat(86);
    const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
    const scan = await decodeQrImage(new Uint8Array(png), { clock: manualClock(42) });
    expect(scan).toMatchObject({ text, kind: 'voucher', symbology: 'qr', aimId: ']Q1', source: 'image', at: 42 });
  });

  it('decodes Chinese text from a raw RGBA frame', async () => {
    const png = PNG.sync.read(await QRCode.toBuffer('阿莫西林胶囊', { type: 'png', scale: 4 }));
    const scan = await decodeQrImage({ data: png.data, width: png.width, height: png.height }, { source: 'camera0' });
    expect(scan).toMatchObject({ text: '阿莫西林胶囊', kind: 'item', source: 'camera0' });
  });

  it('refuses an image without a QR (SCAN_IMAGE_NO_CODE) and non-PNG bytes (SCAN_IMAGE_FORMAT)', async () => {
    const blank = new PNG({ width: 64, height: 64 });
    blank.data.fill(255);
    await expect(decodeQrImage(new Uint8Array(PNG.sync.write(blank)))).rejects.toMatchObject({ code: 'SCAN_IMAGE_NO_CODE' });
    await expect(decodeQrImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).rejects.toMatchObject({ code: 'SCAN_IMAGE_FORMAT' });
    await expect(decodeQrImage(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2))).rejects.toMatchObject({ code: 'SCAN_IMAGE_FORMAT' });
    await expect(decodeQrImage({ data: new Uint8Array(10), width: 8, height: 8 })).rejects.toMatchObject({ code: 'SCAN_IMAGE_FORMAT' });
  });

  // Codes that are not UTF-8: the Scan's text is what the decoder read (as decodeImage gives it), its bytes are the symbol's.
  it.each([
    ['Shift-JIS (kanji mode)', 'お薬手帳テスト', () => QRCode.toBuffer('お薬手帳テスト', { type: 'png', scale: 4, toSJISFunc: toSJIS })],
    ['Shift-JIS (byte mode)', 'お薬手帳', () => QRCode.toBuffer([{ data: Uint8Array.of(0x82, 0xa8, 0x96, 0xf2, 0x8e, 0xe8, 0x92, 0xa0), mode: 'byte' }], { type: 'png', scale: 4 })],
    ['ISO-8859-1 (byte mode)', 'Café crème Ø ¼', () => QRCode.toBuffer([{ data: new Uint8Array(Buffer.from('Café crème Ø ¼', 'latin1')), mode: 'byte' }], { type: 'png', scale: 4 })],
  ])('gives decodeImage\'s text for a %s code', async (_name, text, make) => {
    const png = new Uint8Array(await make());
    const [code] = await decodeImage(png);
    expect(code?.text).toBe(text);
    expect(() => utf8.decode(code!.bytes)).toThrow();
    const scan = await decodeQrImage(png, { clock: manualClock(7) });
    expect(scan).toMatchObject({ text, kind: 'item', symbology: 'qr', aimId: ']Q1', source: 'image', at: 7 });
    expect(scan.bytes).toEqual(code!.bytes);
    expect(scan.invalidUtf8).toBeUndefined();
  });
});
