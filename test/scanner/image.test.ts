import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import { decodeQrImage } from '../../src/scanner/image.js';

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
});
