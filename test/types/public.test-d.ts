/**
 * Type tests of the public API, through the entry points an embedder
 * imports (src/index.ts is `yibao-pos`, src/x/index.ts is `yibao-pos/x`).
 * Run by vitest's typecheck mode (`vitest run` checks every *.test-d.ts).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { JWK } from 'jose';
import {
  createTerminal,
  loadTerminalConfig,
  readTerminalSettings,
  ConfigError,
  GatewayError,
  JournalError,
  PinError,
  ScannerError,
  VoucherError,
  CheckoutError,
  YibaoError,
  journalTotals,
  basketLine,
  classifyScan,
  formatLocalTime,
  readJournalEntries,
  type CheckoutErrorCode,
  type ConfigErrorCode,
  type GatewayErrorCode,
  type GatewayOutcome,
  type JournalEntry,
  type JournalErrorCode,
  type PinErrorCode,
  type Receipt,
  type ScannerErrorCode,
  type SaleState,
  type Terminal,
  type TerminalConfig,
  type TerminalSettings,
  type Totals,
  type VoucherErrorCode,
} from '../../src/index.js';
import { verifyVoucher, type VerifiedVoucher, type VoucherClaims, type VerifyOptions } from '../../src/voucher/index.js';
import { Scanner, type Scan, type ScannerEvents, type ScannerBinding } from '../../src/scanner/index.js';
import type { CheckoutRequest, TerminalEvents } from '../../src/checkout/index.js';
import type { PinPad } from '../../src/pin/index.js';
import { SettlementJournal, type Journal, type CancelAnswer, type TraceUploadRow } from '../../src/journal/index.js';

declare const pinPad: PinPad;
declare const rootKey: JWK;

describe('createTerminal', () => {
  it('takes a config and resolves a Terminal', () => {
    expectTypeOf(createTerminal).parameter(0).toEqualTypeOf<TerminalConfig>();
    expectTypeOf(createTerminal).returns.resolves.toEqualTypeOf<Terminal>();
  });

  it('needs trust, gateway, journal and a PIN pad; the rest is optional', () => {
    expectTypeOf<TerminalConfig>().toHaveProperty('pinPad').toEqualTypeOf<PinPad>();
    expectTypeOf({ trust: { rootKey }, journal: 'j.db', pinPad, gateway: { url: 'http://x', terminalKey: rootKey, fixmedinsCode: 'P', fixmedinsName: 'N', mdtrtAreaAdmvs: '420100', devNo: 'D' } }).toMatchTypeOf<TerminalConfig>();
    // @ts-expect-error no PIN pad
    const noPin: TerminalConfig = { trust: { rootKey }, journal: 'j.db', gateway: { url: 'http://x', terminalKey: rootKey, fixmedinsCode: 'P', fixmedinsName: 'N', mdtrtAreaAdmvs: '420100', devNo: 'D' } };
    void noPin;
  });

  it('what the configuration file provides completes a config with a PIN pad', async () => {
    const loaded = await loadTerminalConfig('/var/lib/pos');
    expectTypeOf({ ...loaded, pinPad }).toMatchTypeOf<TerminalConfig>();
    expectTypeOf(loaded.journal).toEqualTypeOf<string>();
    expectTypeOf(readTerminalSettings).returns.resolves.toEqualTypeOf<TerminalSettings>();
  });
});

describe('checkout result', () => {
  it('resolves a receipt with integer-fen money and the parties', () => {
    expectTypeOf<Terminal['checkout']>().parameter(0).toEqualTypeOf<CheckoutRequest | undefined>();
    expectTypeOf<Terminal['checkout']>().returns.resolves.toEqualTypeOf<Receipt>();
    expectTypeOf<Receipt['totalFen']>().toEqualTypeOf<number>();
    expectTypeOf<Receipt['cashFen']>().toEqualTypeOf<number>();
    expectTypeOf<Receipt['payer']>().toEqualTypeOf<Receipt['patient'] | undefined>();
    expectTypeOf<Receipt>().not.toHaveProperty('pin');
  });

  it('sale states and events are closed unions', () => {
    expectTypeOf<'paid'>().toMatchTypeOf<SaleState>();
    expectTypeOf<'settled'>().not.toMatchTypeOf<SaleState>();
    expectTypeOf<Parameters<TerminalEvents['state']>[0]>().toEqualTypeOf<{ saleId: string; state: SaleState }>();
    expectTypeOf<Parameters<TerminalEvents['item']>[0]['attached']>().toEqualTypeOf<'item' | 'trace' | 'unpriced'>();
    expectTypeOf<Parameters<TerminalEvents['receipt']>[0]>().toEqualTypeOf<Receipt>();
  });
});

describe('error codes', () => {
  it('each area error carries its own code union', () => {
    expectTypeOf<InstanceType<typeof VoucherError>['code']>().toEqualTypeOf<VoucherErrorCode>();
    expectTypeOf<InstanceType<typeof ScannerError>['code']>().toEqualTypeOf<ScannerErrorCode>();
    expectTypeOf<InstanceType<typeof PinError>['code']>().toEqualTypeOf<PinErrorCode>();
    expectTypeOf<InstanceType<typeof CheckoutError>['code']>().toEqualTypeOf<CheckoutErrorCode>();
    expectTypeOf<InstanceType<typeof ConfigError>['code']>().toEqualTypeOf<ConfigErrorCode>();
    expectTypeOf<GatewayError['code']>().toEqualTypeOf<GatewayErrorCode>();
    expectTypeOf<JournalError['code']>().toEqualTypeOf<JournalErrorCode>();
  });

  it('codes are the documented literals, not string', () => {
    expectTypeOf<'VOUCHER_EXPIRED'>().toMatchTypeOf<VoucherErrorCode>();
    expectTypeOf<'PIN_CANCELLED'>().toMatchTypeOf<PinErrorCode>();
    expectTypeOf<'CHECKOUT_CANCELLED'>().toMatchTypeOf<CheckoutErrorCode>();
    expectTypeOf<'CONFIG_MISSING'>().toMatchTypeOf<ConfigErrorCode>();
    expectTypeOf<'GATEWAY_UNKNOWN_OUTCOME'>().toMatchTypeOf<GatewayErrorCode>();
    expectTypeOf<'JOURNAL_LOCKED'>().toMatchTypeOf<JournalErrorCode>();
    expectTypeOf<string>().not.toMatchTypeOf<VoucherErrorCode>();
    expectTypeOf<'VOUCHER_EXPIRED'>().not.toMatchTypeOf<GatewayErrorCode>();
  });

  it('every area error is a YibaoError with messages in both languages; the gateway says whether it may have booked', () => {
    expectTypeOf<InstanceType<typeof VoucherError>>().toMatchTypeOf<YibaoError>();
    expectTypeOf<GatewayError>().toMatchTypeOf<YibaoError>();
    expectTypeOf<YibaoError['messages']>().toEqualTypeOf<{ readonly zh: string; readonly en: string }>();
    expectTypeOf<GatewayError['outcome']>().toEqualTypeOf<GatewayOutcome>();
    expectTypeOf<GatewayOutcome>().toEqualTypeOf<'refused' | 'unknown'>();
  });
});

describe('scanner events', () => {
  it('scan, error, attach, detach and end carry typed payloads', () => {
    expectTypeOf<Parameters<ScannerEvents['scan']>[0]>().toEqualTypeOf<Scan>();
    expectTypeOf<Parameters<ScannerEvents['error']>[0]>().toEqualTypeOf<YibaoError>();
    expectTypeOf<Parameters<ScannerEvents['attach']>[0]>().toEqualTypeOf<{ source: string }>();
    expectTypeOf<ScannerEvents['end']>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<Scan['kind']>().toEqualTypeOf<'voucher' | 'item'>();
    expectTypeOf<Scan['bytes']>().toEqualTypeOf<Uint8Array>();
  });

  it('a Scanner is built from any binding and hands scans to listeners', () => {
    expectTypeOf(Scanner).constructorParameters.toMatchTypeOf<[{ binding: ScannerBinding }]>();
    const scanner = new Scanner({ binding: {} as ScannerBinding });
    scanner.on('scan', (s) => expectTypeOf(s).toEqualTypeOf<Scan>());
    // @ts-expect-error no such event
    scanner.on('data', () => undefined);
    expectTypeOf(scanner.scans()).toEqualTypeOf<AsyncGenerator<Scan, void, undefined>>();
  });
});

describe('verifyVoucher', () => {
  it('takes the QR text and options and resolves the verified claims', () => {
    expectTypeOf(verifyVoucher).parameters.toEqualTypeOf<[string, VerifyOptions]>();
    expectTypeOf(verifyVoucher).returns.resolves.toEqualTypeOf<VerifiedVoucher>();
    expectTypeOf<VerifiedVoucher['claims']>().toEqualTypeOf<VoucherClaims>();
    expectTypeOf<VerifiedVoucher['alg']>().toEqualTypeOf<'ES256' | 'EdDSA'>();
    expectTypeOf<VoucherClaims['use']>().toEqualTypeOf<'pay' | 'id'>();
    expectTypeOf<VoucherClaims['nm']>().toEqualTypeOf<string | undefined>();
  });
});

describe('journal helpers', () => {
  it('are importable and typed', () => {
    expectTypeOf(journalTotals).parameters.toEqualTypeOf<[readonly JournalEntry[], string, number]>();
    expectTypeOf(journalTotals).returns.toEqualTypeOf<Totals>();
    expectTypeOf(readJournalEntries).returns.resolves.toEqualTypeOf<JournalEntry[]>();
  });
});

describe('operations that replaced helpers', () => {
  it('show a basket line, classify a scan and show a journal time', () => {
    expectTypeOf(basketLine).returns.toEqualTypeOf<{ qty: string; price: string; fen: number }>();
    expectTypeOf(classifyScan).returns.toEqualTypeOf<'voucher' | 'national' | 'trace' | 'item'>();
    expectTypeOf(formatLocalTime).parameters.toEqualTypeOf<[number, number?]>();
  });
});

describe('one Timer, one Pharmacy', () => {
  it('the old timer names are the one Timer; config, client and simulator share Pharmacy', async () => {
    type Pin = import('../../src/pin/index.js').PinTimer;
    type Frame = import('../../src/scanner/index.js').FrameTimer;
    type T = import('../../src/index.js').Timer;
    expectTypeOf<Pin>().toEqualTypeOf<T>();
    expectTypeOf<Frame>().toEqualTypeOf<T>();
    expectTypeOf<import('../../src/journal/index.js').JournalOptions['timer']>().toEqualTypeOf<T | undefined>();
    type P = import('../../src/index.js').Pharmacy;
    expectTypeOf<import('../../src/index.js').GatewayClientOptions>().toMatchTypeOf<P>();
    expectTypeOf<import('../../src/index.js').TerminalGatewaySettings>().toMatchTypeOf<P>();
    expectTypeOf<import('../../src/sim/index.js').EnvSettings>().toMatchTypeOf<P>();
    expectTypeOf<import('../../src/sim/index.js').PharmacySettings>().toEqualTypeOf<P>();
  });
});

describe('yibao-pos/journal', () => {
  it('SettlementJournal is a Journal, the contract createTerminal takes', () => {
    expectTypeOf<SettlementJournal>().toMatchTypeOf<Journal>();
    expectTypeOf<Journal>().toMatchTypeOf<TerminalConfig['journal']>();
    expectTypeOf<ReturnType<Journal['cancel']>>().resolves.toEqualTypeOf<CancelAnswer>();
    expectTypeOf<TraceUploadRow['state']>().toEqualTypeOf<'waiting' | 'pending' | 'acknowledged' | 'refused' | 'void'>();
  });
});

describe('yibao-pos/config', () => {
  it('loads a configuration that createTerminal takes with a PIN pad added', async () => {
    const { loadTerminalConfig } = await import('../../src/config/index.js');
    type Loaded = Awaited<ReturnType<typeof loadTerminalConfig>>;
    expectTypeOf<Loaded & { pinPad: PinPad }>().toMatchTypeOf<TerminalConfig>();
  });
});

describe('the sale lifecycle', () => {
  it('tells a reversal done from one pending', () => {
    expectTypeOf<'not_paid_reversed'>().toMatchTypeOf<SaleState>();
    expectTypeOf<'not_paid_reversal_pending'>().toMatchTypeOf<SaleState>();
  });
});
