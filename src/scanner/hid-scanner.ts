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

