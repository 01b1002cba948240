/**
 * yibao-pos: the main entry, for Node. It re-exports every subpath but
 * `yibao-pos/sim` and the browser-only ones (voucher, scanner, pin, gateway,
 * journal, checkout), and adds what only runs on Node: the durable trust
 * store and replay guard, and the terminal's configuration file.
 * Re-exports only.
 *
 * @module yibao-pos
 */
export { YibaoError } from './lib/errors.js';
export type { Messages, YibaoErrorOptions } from './lib/errors.js';
export { manualClock } from './lib/clock.js';
export type { Clock, RandomSource } from './lib/clock.js';
export type { Logger, LogLevel } from './lib/log.js';
export { jsonLineLogger } from './lib/log.js';
export { OptionError } from './lib/numbers.js';
export { DataFileError } from './lib/sqlite.js';

// Offline voucher verification (yibao-pos/voucher); TrustStore (node:fs) and SqliteReplayGuard (better-sqlite3) only here
export * from './voucher/index.js';
export { TrustStore } from './voucher/trust-store.js';
export type { TrustStoreOptions, RefreshResult } from './voucher/trust-store.js';
export { SqliteReplayGuard } from './voucher/replay/sqlite.js';

// Barcode scanners (yibao-pos/scanner)
export * from './scanner/index.js';
// A camera picture as a scan (beside the camera decoder; the scanner area imports nothing of the camera)
export { decodeQrImage } from './camera/qr-scan.js';
export type { RgbaImage, DecodeImageOptions } from './camera/qr-scan.js';

// PIN entry (yibao-pos/pin)
export * from './pin/index.js';

// Settlement gateway client (yibao-pos/gateway)
export * from './gateway/index.js';
// Durable state: the settlement journal and its outbox (yibao-pos/journal; SQLite, Node only)
export * from './journal/index.js';
// National voucher codes decoded online (1162)
export type { EcIdentity } from './gateway/types.js';

// The sale (yibao-pos/checkout)
export * from './checkout/index.js';

// The terminal's configuration file (terminal.json, Node only)
export * from './config/index.js';
