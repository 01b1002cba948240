/**
 * Native addons stay at the edge: only the bindings load node-hid and
 * serialport, lazily through loadNative, never by a static import; the
 * node-hid hint names the Debian package for libusb.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_HID_HINT } from '../../src/scanner/bindings/hid-device.js';

const root = new URL('../../src/scanner/', import.meta.url).pathname;
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

describe('native boundary of the scanner area', () => {
  it('no static import of a native addon; loadNative only in bindings/', () => {
    for (const file of files(root)) {
      const src = readFileSync(file, 'utf8');
      const rel = relative(root, file);
      expect(src, rel).not.toMatch(/^import[^;]*from '(node-hid|serialport|@serialport\/[^']*)'/m);
      if (/loadNative</.test(src)) expect(rel.startsWith('bindings/'), rel).toBe(true);
    }
  });

  it('the node-hid hint names libusb-1.0-0', () => {
    expect(NODE_HID_HINT).toContain('apt-get install libusb-1.0-0');
  });
});
