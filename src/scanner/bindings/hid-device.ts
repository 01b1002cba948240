/**
 * The thin seam between the HID binding and node-hid: the few calls the
 * drivers make, so tests drive the binding with recorded reports and no
 * hardware. node-hid is loaded lazily, with an install hint for libusb.
 *
 * @module
 */
import { loadNative } from '../../lib/native.js';

export const NODE_HID_HINT = 'apt-get install libusb-1.0-0 (and npm install node-hid)';

/** One HID interface as enumerated (node-hid's Device). */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  interface: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** An open HID device: `data` gets one input report per event; `error` means it is gone. */
export interface HidDevice {
  on(event: 'data', fn: (report: Buffer) => void): unknown;
  on(event: 'error', fn: (err: unknown) => void): unknown;
  close(): Promise<void>;
}

export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDevice>;
}

type NodeHid = {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidDevice> };
};

/** node-hid as a HidBackend (loaded on first use). */
export const nodeHidBackend: HidBackend = {
  devices: async () => (await loadNative<NodeHid>('node-hid', NODE_HID_HINT)).devicesAsync(),
  open: async (path) => (await loadNative<NodeHid>('node-hid', NODE_HID_HINT)).HIDAsync.open(path),
};
