/**
 * yibao-pos/scanner: public exports of this area (re-exports only).
 *
 * @module yibao-pos/scanner
 */
export { Scanner } from './scanner.js';
export type { ScannerEvents, ScannerOptions, ScannerState, ReopenOptions } from './scanner.js';
export { SerialScanner } from './serial-scanner.js';
export type { SerialScannerOptions } from './serial-scanner.js';
export { HidScanner, parseVidPid } from './hid-scanner.js';
export type { HidScannerOptions } from './hid-scanner.js';
export type { Scan, Frame } from './scan.js';
export { makeScan, VOUCHER_PREFIX } from './scan.js';
export type { Symbology } from './symbology.js';
export { symbologyFromAim, guessSymbology, validEan13 } from './symbology.js';
export type { ScannerBinding, BindingSink, BindingPort, BindingFormat } from './binding.js';
export { SerialBinding } from './bindings/serial.js';
export type { SerialBindingOptions } from './bindings/serial.js';
export { HidBinding, selectHidInterface } from './bindings/hid.js';
export type { HidBindingOptions, HidMode } from './bindings/hid.js';
export type { HidBackend, HidDevice, HidDeviceInfo } from './bindings/hid-device.js';
export { StreamBinding } from './bindings/stream.js';
export type { ByteSource } from './bindings/stream.js';
export { ReplayBinding, parseHidCapture, captureFormat } from './bindings/replay.js';
export { Framer } from './framing/framer.js';
export type { FramerSink } from './framing/framer.js';
export { splitAim } from './framing/aim.js';
export { SUFFIXES, PREFIXES, SUFFIX_NAMES } from './framing/options.js';
export type { FramingOptions, FrameTimer, SuffixName, PrefixName } from './framing/options.js';
export { HidPosDecoder, hidPosReports, HID_POS_USAGE_PAGE, HID_POS_SCANNER_USAGE } from './hid-pos.js';
export { KeyboardWedgeDecoder, keyboardReports } from './keyboard-wedge.js';
export { LAYOUTS, LAYOUT_NAMES, layoutByName } from './keyboard-layouts.js';
export type { KeyboardLayout, LayoutName } from './keyboard-layouts.js';
export { listScanners, scannersFromHid, scannersFromSerial } from './discovery.js';
export type { DiscoveredScanner, DiscoveryProblem, ScannerListing, DiscoveryOptions, SerialPortInfo } from './discovery.js';
export { ScannerWatcher } from './watcher.js';
export type { ScannerWatcherEvents, ScannerWatcherOptions } from './watcher.js';
export { KNOWN_SCANNER_VENDORS } from './known-vendors.js';
export { decodeQrImage } from './image.js';
export type { RgbaImage, DecodeImageOptions } from './image.js';
export { ScannerError, isDisconnected } from './errors.js';
export type { ScannerErrorCode } from './errors.js';
