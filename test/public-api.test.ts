/**
 * The public surface: what embedders use is importable from the entry
 * points, internals are not (they stay importable inside the package).
 */
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as checkout from '../src/checkout/index.js';
import * as config from '../src/config/index.js';
import * as gateway from '../src/gateway/index.js';
import * as journal from '../src/journal/index.js';
import * as pin from '../src/pin/index.js';
import * as scanner from '../src/scanner/index.js';
import * as sim from '../src/sim/index.js';
import * as voucher from '../src/voucher/index.js';

describe('public entry points', () => {
  it('keep framing, decoding, wire and protocol helpers private', () => {
    for (const name of ['splitAim', 'parseHidCapture', 'captureFormat', 'Framer', 'HidPosDecoder', 'KeyboardWedgeDecoder', 'makeScan', 'symbologyFromAim', 'selectHidInterface', 'scannersFromHid']) {
      expect(scanner, name).not.toHaveProperty(name);
      expect(root, name).not.toHaveProperty(name);
    }
    for (const name of ['signBody', 'verifyBodySignature', 'newMsgidFactory', 'HttpTransport', 'INFVER', 'GATEWAY_MESSAGES', 'localTime']) expect(gateway, name).not.toHaveProperty(name);
    for (const name of ['formatPadPrompt', 'PadReplyParser', 'systemTimer', 'PIN_BLOCK_ALG']) expect(pin, name).not.toHaveProperty(name);
    for (const name of ['parseStrictJson', 'readTrustList', 'voucherErrorMessages']) expect(voucher, name).not.toHaveProperty(name);
    for (const name of ['Sale', 'buildReceipt', 'maskId']) expect(checkout, name).not.toHaveProperty(name);
  });

  it('keep helpers out of every entry: operations and contracts only', () => {
    const helpers: Array<[Record<string, unknown>, string[]]> = [
      [root, ['backoffDelay', 'DEFAULT_BACKOFF', 'systemClock', 'silentLogger', 'TRACE_CODE', 'NATIONAL_CODE_PATTERN']],
      [gateway, ['parseCnt', 'parsePric', 'itemLine', 'cntText', 'pricText', 'isWhole', 'resolveGatewayProfile', 'GATEWAY_PROFILES']],
      [journal, ['isFinal', 'MAX_TILLS', 'tillSequenceRange']],
      [checkout, ['displayWidth', 'checkTracedLines']],
      [scanner, ['parseVidPid', 'LAYOUTS', 'layoutByName']],
      [pin, ['PIN_STDIN_HELP', 'DEFAULT_PIN_TIMEOUT_MS']],
      [sim, ['tillKeyName', 'envPharmacies', 'readTill']],
    ];
    for (const [entry, names] of helpers) {
      for (const name of names) {
        expect(entry, name).not.toHaveProperty(name);
        expect(root, name).not.toHaveProperty(name);
      }
    }
  });

  it('export the operations that replace them', () => {
    expect(checkout.basketLine({ code: 'X', qty: '0.5', price: '13.4' })).toEqual({ qty: '0.5', price: '13.40', fen: 670 });
    expect(voucher.classifyScan('81234567890123456789')).toBe('trace');
    expect(gateway.formatLocalTime(Date.UTC(2026, 2, 1, 2, 0, 0))).toBe('2026-03-01 10:00:00+08:00');
    expect(gateway.formatLocalTime(0, -90)).toBe('1969-12-31 22:30:00-01:30');
  });

  it('export the journal operations and the terminal configuration from the main entry', () => {
    expect(root.journalTotals([], '2026-03-01', gateway.CHINA_UTC_OFFSET_MIN)).toEqual({ totalFen: 0, acctPayFen: 0, count: 0 });
    expect(root.ENTRY_STATES).toContain('reversal_pending');
    for (const name of ['readJournalEntries', 'checkDay', 'loadTerminalConfig', 'loadGatewayOptions', 'readTerminalSettings', 'writeTerminalSettings', 'ConfigError', 'captureBinding']) {
      expect(typeof (root as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('export the journal and its outbox from yibao-pos/journal', () => {
    for (const name of ['SettlementJournal', 'readJournalEntries', 'readTraceUploads', 'reconcileDay', 'JournalError', 'OutboxError']) {
      expect(typeof (journal as Record<string, unknown>)[name], name).toBe('function');
    }
    // Wire helpers stay in the gateway; store internals stay private.
    for (const name of ['TRACE_CODE', 'toSaleUploadInput', 'SqliteJournalStore', 'MemoryJournalStore', 'JournalCore']) expect(journal, name).not.toHaveProperty(name);
  });

  it('export the terminal configuration from yibao-pos/config', () => {
    for (const name of ['loadTerminalConfig', 'loadGatewayOptions', 'readTerminalSettings', 'writeTerminalSettings', 'terminalFiles', 'tillSettings', 'ConfigError']) {
      expect(typeof (config as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(config.TERMINAL_SETTINGS_FILE).toBe('terminal.json');
  });

  it('the main entry re-exports every subpath but sim, the same objects', () => {
    for (const sub of [voucher, scanner, pin, gateway, journal, config, checkout]) {
      for (const [name, value] of Object.entries(sub)) expect((root as Record<string, unknown>)[name], name).toBe(value);
    }
  });
});
