/**
 * HidScanner: a Scanner on a USB HID device, HID POS (default) or keyboard
 * wedge. `HidScanner.auto()` picks the first HID POS scanner attached.
 *
 * @module
 */
import { HidBinding, type HidBindingOptions } from './bindings/hid.js';
import type { FramingOptions } from './framing/options.js';
import { Scanner, type ScannerOptions } from './scanner.js';

/**
 * Options of `HidScanner`: vendor and product id or hidraw path, mode, framing, and the `Scanner` options.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type HidScannerOptions = HidBindingOptions & Omit<ScannerOptions, 'binding'> & { framing?: FramingOptions };

/**
 * A USB HID scanner, in HID POS mode or as a keyboard wedge: a `Scanner` over a `HidBinding`.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { HidScanner } from 'yibao-pos/scanner';
 * const scanner = new HidScanner({ vendorId: 0x0c2e, productId: 0x0b61, mode: 'pos' });
 * await scanner.open(); await scanner.claim(); await scanner.enable();
 * ```
 */
export class HidScanner extends Scanner {
  constructor(options: HidScannerOptions) {
    const { vendorId, productId, path, mode, backend, ...rest } = options;
    super({
      binding: new HidBinding({ ...(vendorId === undefined ? {} : { vendorId }), ...(productId === undefined ? {} : { productId }), ...(path ? { path } : {}), ...(mode ? { mode } : {}), ...(backend ? { backend } : {}) }),
      ...rest,
    });
  }

  /**
   * The first HID POS scanner (usage page 0x8C) found when it is opened;
   * `open()` rejects SCAN_DEVICE_NOT_FOUND when there is none. Source `hid:auto`.
   */
  static auto(options: Omit<HidScannerOptions, 'vendorId' | 'productId' | 'mode'> = {}): HidScanner {
    return new HidScanner({ ...options, mode: 'pos' });
  }
}

/**
 * Parses `VID:PID` in hex (`0c2e:0b61`, `0x0c2e:0x0b61`). Undefined when malformed.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @param text `VID:PID` in hex, e.g. `0c2e:0b61` (a `0x` prefix is allowed).
 *
 * @example
 * ```ts
 * import { HidScanner, parseVidPid } from 'yibao-pos/scanner';
 * const ids = parseVidPid('0c2e:0b61'); // { vendorId: 0x0c2e, productId: 0x0b61 }
 * if (ids) new HidScanner({ ...ids });
 * ```
 */
export function parseVidPid(text: string): { vendorId: number; productId: number } | undefined {
  const m = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(text.trim());
  return m ? { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) } : undefined;
}
