/**
 * yibao-pos/scanner: barcode scanners (serial, USB HID POS, keyboard wedge,
 * stdin, recordings) behind one `Scanner`, discovery and hot-plug, and QR
 * decoding of images. Framing and decoding helpers stay private.
 * Re-exports only.
 *
 * @module yibao-pos/scanner
 */
export { Scanner } from './scanner.js';
export type { ScannerEvents, ScannerOptions, ScannerState, ReopenOptions } from './scanner.js';
export { SerialScanner } from './serial-scanner.js';
export type { SerialScannerOptions } from './serial-scanner.js';
export { HidScanner } from './hid-scanner.js';
export type { HidScannerOptions } from './hid-scanner.js';
export type { Scan } from './scan.js';
export type { Symbology } from './symbology.js';
export type { ScannerBinding, BindingSink, BindingPort, BindingFormat } from './binding.js';
export { SerialBinding } from './bindings/serial.js';
export type { SerialBindingOptions } from './bindings/serial.js';
export { HidBinding } from './bindings/hid.js';
export type { HidBindingOptions, HidMode } from './bindings/hid.js';
export { StreamBinding } from './bindings/stream.js';
export type { ByteSource } from './bindings/stream.js';
export { ReplayBinding } from './bindings/replay.js';
export { captureBinding } from './bindings/capture.js';
export { SUFFIX_NAMES } from './framing/options.js';
export type { FramingOptions, FrameTimer, SuffixName, PrefixName } from './framing/options.js';
export type { Timer } from '../lib/timer.js';
export { LAYOUT_NAMES } from './keyboard-layouts.js';
export type { KeyboardLayout, LayoutName } from './keyboard-layouts.js';
export { listScanners } from './discovery.js';
export type { DiscoveredScanner, DiscoveryProblem, ScannerListing, DiscoveryOptions } from './discovery.js';
export { ScannerWatcher } from './watcher.js';
export type { ScannerWatcherEvents, ScannerWatcherOptions } from './watcher.js';
export { ScannerError, isDisconnected } from './errors.js';
export type { ScannerErrorCode } from './errors.js';
