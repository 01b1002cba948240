/**
 * yibao-pos: the main entry. Re-exports only; each area adds its own lines.
 *
 * @module yibao-pos
 */
export { YibaoError } from './lib/errors.js';
export type { Messages } from './lib/errors.js';
export { systemClock, manualClock } from './lib/clock.js';
export type { Clock, RandomSource } from './lib/clock.js';
export type { Logger, LogLevel } from './lib/log.js';
export { jsonLineLogger, silentLogger } from './lib/log.js';

// Offline voucher verification (yibao-pos/voucher); TrustStore (node:fs) and SqliteReplayGuard (better-sqlite3) only here
export { verifyVoucher, verifyTrustList, readTrustList, VoucherError, voucherErrorMessages, MemoryReplayGuard, VOUCHER_PREFIX, MAX_QR_BYTES, MAX_LIFETIME_SEC, DEFAULT_SKEW_SEC } from './voucher/index.js';
export type { VoucherErrorCode, VoucherAlg, VoucherUse, VoucherClaims, VerifiedVoucher, TrustedKey, TrustList, ReplayGuard, VerifyOptions } from './voucher/index.js';
export { TrustStore } from './voucher/trust-store.js';
export type { TrustStoreOptions, RefreshResult } from './voucher/trust-store.js';
export { SqliteReplayGuard } from './voucher/replay/sqlite.js';

// Barcode scanners (yibao-pos/scanner)
export { Scanner, SerialScanner, HidScanner, ScannerError, isDisconnected, listScanners, ScannerWatcher, decodeQrImage, StreamBinding, ReplayBinding, Framer } from './scanner/index.js';
export type { Scan, Symbology, ScannerBinding, ScannerEvents, ScannerOptions, SerialScannerOptions, HidScannerOptions, FramingOptions, ScannerErrorCode, DiscoveredScanner, ScannerListing } from './scanner/index.js';

// PIN entry (yibao-pos/pin)
export { PinError, sealPinBlock, TtyPinPad, SerialPinPad, ScriptedPinPad, pinPadFromOptions, PIN_STDIN_HELP } from './pin/index.js';
export type { PinPad, PinRequest, PinErrorCode, SealOptions, TtyPinPadOptions, SerialPinPadOptions, PinSource, PinPadChoice, PinTimer } from './pin/index.js';

// Settlement gateway client (yibao-pos/gateway)
export { GatewayClient, GatewayError, yuanToFen, fenToYuan, MemorySequenceStore } from './gateway/index.js';
export type { GatewayClientOptions, GatewayErrorCode, GatewayOutcome, Gateway, SettleRequest, Settlement, SaleItem, PersonInfo, SequenceStore, MessageOptions, MoneyInfno, Infno, TlsOptions } from './gateway/index.js';
// Durable settlement journal (SQLite, Node only)
export { SettlementJournal, JournalError } from './gateway/journal/index.js';
export type { JournalOptions, JournalEntry, EntryState, PendingReversal, RecoveryReport, ReconcileReport, JournalErrorCode } from './gateway/journal/index.js';
// Traceability uploads (3505) and their outbox (SQLite, Node only); national voucher codes decoded online (1162)
export { TraceOutbox, TraceError, TRACE_CODE } from './gateway/trace/index.js';
export type { TraceOutboxOptions, TraceUploadRow, TraceUploadState, TraceRunReport, SaleUpload } from './gateway/trace/index.js';
export { NATIONAL_CODE_PATTERN } from './gateway/ec-decode.js';
export type { EcIdentity } from './gateway/ec-decode.js';


// The sale (yibao-pos/checkout)
export { createTerminal, Terminal, Sale, FINAL_STATES, buildReceipt, formatReceipt, displayWidth, CheckoutError } from './checkout/index.js';
export type { TerminalConfig, CheckoutRequest, SaleState, TerminalEvents, VoucherShown, Prompt, Receipt, ReceiptParty, ReceiptTextOptions, SaleVoucher, VerifiedBy } from './checkout/index.js';
