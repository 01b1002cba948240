/**
 * listScanners(): HID interfaces and serial ports that look like barcode
 * scanners: HID usage page 0x8C (HID POS), or a known scanner vendor id (boot
 * keyboard interface → keyboard wedge; serial port). node-hid and serialport
 * load lazily; where one is unavailable (libusb missing, no `udevadm` for
 * serialport's list) the listing still returns the other, and `problems`
 * names what to install.
 *
 * @module
 */
import { YibaoError } from '../lib/errors.js';
import { nodeHidBackend, type HidDeviceInfo } from './bindings/hid-device.js';
import { listSerialPorts, type SerialPortInfo } from './bindings/serial.js';
import { HID_POS_USAGE_PAGE } from './hid-pos.js';
import { KNOWN_SCANNER_VENDORS, SERIAL_BRIDGES } from './known-vendors.js';

export type { SerialPortInfo };

/**
 * One scanner `listScanners` found: transport, path, ids, what it is.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface DiscoveredScanner {
  transport: 'hid' | 'serial';
  /** hidraw path or serial port path; what to pass to `--serial` / HidScanner `path`. */
  path: string;
  vendorId?: number;
  productId?: number;
  /** `VID:PID` in hex, what `listen --hid` takes. */
  vidPid?: string;
  /** From the known-vendors table. */
  vendor?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  /** HID only: `pos` (usage page 0x8C) or `keyboard` (boot keyboard of a known vendor). */
  mode?: 'pos' | 'keyboard';
  /** Why it is listed. */
  reason: 'hid-pos-usage' | 'known-vendor' | 'serial-bridge';
}

/**
 * Why part of the discovery could not run (a missing native module, udev, permission), with a hint.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface DiscoveryProblem {
  transport: 'hid' | 'serial';
  reason: string;
  install?: string;
}

/**
 * What `listScanners` returns: the scanners found and the problems met.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface ScannerListing {
  scanners: DiscoveredScanner[];
  problems: DiscoveryProblem[];
}

/**
 * Options of `listScanners`: injected HID and serial enumerations.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface DiscoveryOptions {
  /** Injected for tests; default node-hid's enumeration. */
  hidDevices?: () => Promise<HidDeviceInfo[]>;
  /** Injected for tests; default serialport's `SerialPort.list()`. */
  serialPorts?: () => Promise<SerialPortInfo[]>;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
export const UDEV_HINT = 'apt-get install udev (serialport lists ports with udevadm)';

/** Pure: which HID interfaces are scanners. */
export function scannersFromHid(devices: HidDeviceInfo[]): DiscoveredScanner[] {
  const out: DiscoveredScanner[] = [];
  for (const d of devices) {
    if (!d.path) continue;
    const vendor = KNOWN_SCANNER_VENDORS.get(d.vendorId);
    let mode: 'pos' | 'keyboard' | undefined;
    if (d.usagePage === HID_POS_USAGE_PAGE) mode = 'pos';
    else if (vendor && !SERIAL_BRIDGES.has(d.vendorId) && d.usagePage === 0x01 && d.usage === 0x06) mode = 'keyboard';
    if (!mode) continue;
    out.push({
      transport: 'hid',
      path: d.path,
      vendorId: d.vendorId,
      productId: d.productId,
      vidPid: `${hex4(d.vendorId)}:${hex4(d.productId)}`,
      ...(vendor ? { vendor } : {}),
      ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
      ...(d.product ? { product: d.product } : {}),
      ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
      mode,
      reason: mode === 'pos' ? 'hid-pos-usage' : 'known-vendor',
    });
  }
  return out;
}

/** Pure: which serial ports are (probably) scanners. */
export function scannersFromSerial(ports: SerialPortInfo[]): DiscoveredScanner[] {
  const out: DiscoveredScanner[] = [];
  for (const p of ports) {
    const vendorId = p.vendorId ? parseInt(p.vendorId, 16) : NaN;
    if (!Number.isFinite(vendorId)) continue;
    const vendor = KNOWN_SCANNER_VENDORS.get(vendorId);
    if (!vendor) continue;
    const productId = p.productId ? parseInt(p.productId, 16) : undefined;
    out.push({
      transport: 'serial',
      path: p.path,
      vendorId,
      ...(productId !== undefined && Number.isFinite(productId) ? { productId, vidPid: `${hex4(vendorId)}:${hex4(productId)}` } : {}),
      vendor,
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      reason: SERIAL_BRIDGES.has(vendorId) ? 'serial-bridge' : 'known-vendor',
    });
  }
  return out;
}

function problem(transport: 'hid' | 'serial', err: unknown, fallbackHint?: string): DiscoveryProblem {
  if (YibaoError.is(err)) {
    const install = err.details.install;
    return { transport, reason: String(err.details.reason ?? err.code), ...(typeof install === 'string' ? { install } : {}) };
  }
  const reason = err instanceof Error ? err.message : String(err);
  const udev = /udevadm|ENOENT/i.test(reason);
  return { transport, reason, ...(udev ? { install: UDEV_HINT } : fallbackHint ? { install: fallbackHint } : {}) };
}

/**
 * Lists attached scanners (HID POS interfaces, known scanner vendors on serial ports), with problems such as a missing udev or permission instead of throwing.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @param options Injected enumerations, for tests.
 * @example
 * ```ts
 * import { listScanners } from 'yibao-pos/scanner';
 * const { scanners, problems } = await listScanners();
 * for (const s of scanners) console.log(s.transport, s.path);
 * ```
 */
export async function listScanners(options: DiscoveryOptions = {}): Promise<ScannerListing> {
  const [hid, serial] = await Promise.allSettled([(options.hidDevices ?? nodeHidBackend.devices)(), (options.serialPorts ?? listSerialPorts)()]);
  const scanners: DiscoveredScanner[] = [];
  const problems: DiscoveryProblem[] = [];
  if (hid.status === 'fulfilled') scanners.push(...scannersFromHid(hid.value));
  else problems.push(problem('hid', hid.reason));
  if (serial.status === 'fulfilled') scanners.push(...scannersFromSerial(serial.value));
  else problems.push(problem('serial', serial.reason));
  return { scanners, problems };
}
