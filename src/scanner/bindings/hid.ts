/**
 * USB HID binding (HID POS or keyboard wedge). Picks the right interface of a
 * composite device: usage page 0x8C for HID POS, the boot keyboard
 * (page 0x01, usage 0x06) for a wedge. Reports go to the Scanner unchanged;
 * an `error` from the device means it was unplugged.
 *
 * Linux note: reading a keyboard wedge through hidraw does not stop the kernel
 * also typing the keystrokes into the focused window. Configure the scanner
 * for HID POS (Honeywell: "USB HID POS" programming barcode; Zebra: "USB
 * HID POS (HID Point-of-Sale)"; Newland: "USB HID-POS") to avoid it.
 *
 * @module
 */
import type { BindingPort, BindingSink, ScannerBinding } from '../binding.js';
import { deviceOpenError } from '../device-errors.js';
import { ScannerError } from '../errors.js';
import { HID_POS_SCANNER_USAGE, HID_POS_USAGE_PAGE } from '../hid-pos.js';
import { nodeHidBackend, type HidBackend, type HidDeviceInfo } from './hid-device.js';

/**
 * How a HID scanner reports: `pos` (HID POS usage page) or `keyboard` (keyboard wedge).
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type HidMode = 'pos' | 'keyboard';

/**
 * Options of `HidBinding`: vendor and product id, hidraw path, mode.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface HidBindingOptions {
  /** Omit both ids to take the first interface of the mode's kind (`HidScanner.auto()`). */
  vendorId?: number;
  productId?: number;
  /** An exact hidraw path, when several identical scanners are attached. */
  path?: string;
  /** Default `pos`. */
  mode?: HidMode;
  /** Injected for tests; default node-hid. */
  backend?: HidBackend;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** The interface to open for `mode`, or undefined. Pure. */
export function selectHidInterface(devices: HidDeviceInfo[], o: { vendorId?: number; productId?: number; path?: string; mode: HidMode }): HidDeviceInfo | undefined {
  const mine = devices.filter((d) => (o.vendorId === undefined || d.vendorId === o.vendorId) && (o.productId === undefined || d.productId === o.productId) && (!o.path || d.path === o.path));
  if (o.mode === 'pos') return mine.find((d) => d.usagePage === HID_POS_USAGE_PAGE && (d.usage === undefined || d.usage === HID_POS_SCANNER_USAGE)) ?? mine.find((d) => d.usagePage === HID_POS_USAGE_PAGE);
  return mine.find((d) => d.usagePage === 0x01 && d.usage === 0x06) ?? (mine.length === 1 && mine[0]?.usagePage === undefined ? mine[0] : undefined);
}

/**
 * The USB HID binding (node-hid, loaded when opened): HID POS reports or boot-keyboard reports.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { Scanner, HidBinding } from 'yibao-pos/scanner';
 * const scanner = new Scanner({ binding: new HidBinding({ vendorId: 0x0c2e, productId: 0x0b61, mode: 'keyboard' }), layout: 'de' });
 * ```
 */
export class HidBinding implements ScannerBinding {
  readonly reopenable = true;
  readonly source: string;
  readonly format;
  private readonly backend: HidBackend;
  private readonly mode: HidMode;

  constructor(private readonly options: HidBindingOptions) {
    this.mode = options.mode ?? 'pos';
    this.format = this.mode === 'pos' ? ('hid-pos' as const) : ('keyboard' as const);
    this.source = options.vendorId === undefined || options.productId === undefined ? 'hid:auto' : `hid:${hex4(options.vendorId)}:${hex4(options.productId)}`;
    this.backend = options.backend ?? nodeHidBackend;
  }

  async open(sink: BindingSink): Promise<BindingPort> {
    const all = await this.backend.devices();
    const info = selectHidInterface(all, { ...this.options, mode: this.mode });
    if (!info?.path) {
      const seen = all.filter((d) => d.vendorId === this.options.vendorId && d.productId === this.options.productId).map((d) => ({ interface: d.interface, usagePage: d.usagePage, usage: d.usage }));
      throw new ScannerError('SCAN_DEVICE_NOT_FOUND', { details: { source: this.source, mode: this.mode, interfaces: seen } });
    }
    let device;
    try {
      device = await this.backend.open(info.path);
    } catch (cause) {
      throw await deviceOpenError(this.source, info.path, cause);
    }
    let closed = false;
    device.on('data', (r) => sink.data(new Uint8Array(r.buffer, r.byteOffset, r.byteLength)));
    device.on('error', (err) => {
      if (closed) return;
      closed = true;
      sink.disconnected(err);
    });
    return {
      close: async () => {
        closed = true;
        await device.close();
      },
    };
  }
}
