/**
 * `yibao-pos checkout`: one sale against a gateway, with vouchers from a
 * scanner, stdin or the command line. Exit 0 paid, 1 refused or cancelled
 * (or not paid with a reversal pending), 2 usage error.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import {
  basketLine,
  createTerminal,
  fenToYuan,
  formatReceipt,
  checkDay,
  loadTerminalConfig,
  LocalCatalog,
  pinPadFromOptions,
  saleLines,
  yuanToFen,
  ConfigError,
  VOUCHER_PREFIX,
  YibaoError,
  type NationalCodeOption,
  type RecoveredSale,
  type SaleItem,
  type SaleState,
  type Terminal,
} from '../../index.js';
import { tillNumber } from '../args.js';
import { catalogFile } from './catalog.js';
import { detailLine, EXIT_OK, exitCodeFor, UsageError } from '../exit.js';
import { LineReader } from '../lines.js';
import { progressPrinter } from '../progress.js';
import { scannerFromOptions, type ScannerSource } from '../scanner-source.js';
import { stdinScanner } from '../stdin-scans.js';

/** `--pin-stdin`'s help: the scripted pad is never for a real payer. */
export const PIN_STDIN_HELP = 'read the PIN from a line of stdin (for automation/testing only: never for a real payer)';

interface CheckoutOptions extends ScannerSource {
  dir: string;
  gateway?: string;
  backoffice?: string;
  voucher?: string;
  payerVoucher?: string;
  mutualAid?: boolean;
  item: string[];
  amount?: string;
  pinStdin?: boolean;
  pinDevice?: string;
  journal?: string;
  till: number;
  json?: boolean;
  nationalPattern?: string;
}

/**
 * `CODE:QTY:PRICE[:LOT:MADE:EXPIRES]` with the unit price in yuan, e.g.
 * `6901234567892:2:13.40`; a part pack (拆零) takes a decimal quantity (at
 * most 4 places) or a per-unit price with up to 6 decimals:
 * `6901234567892:10:0.558333`. A line whose boxes carry trace codes gives
 * its lot and its production and expiry dates (`YYYY-MM-DD`):
 * `6901234567892:1:13.40:L2301:2025-01-15:2027-01-14`.
 */
export function parseItem(spec: string): SaleItem {
  const parts = spec.split(':');
  if ((parts.length !== 3 && parts.length !== 6) || !parts[0]) throw new UsageError(`--item ${spec}: expected CODE:QTY:PRICE[:LOT:MADE:EXPIRES] (price in yuan, dates YYYY-MM-DD)`);
  const batch = parts.length === 6 ? { lot: parts[3]!, madeOn: parts[4]!, expiresOn: parts[5]! } : undefined;
  if (batch) {
    if (batch.lot === '' || batch.lot.length > 30) throw new UsageError(`--item ${spec}: LOT must be 1 to 30 characters`);
    if (!isRealDay(batch.madeOn) || !isRealDay(batch.expiresOn)) throw new UsageError(`--item ${spec}: MADE and EXPIRES must be real days as YYYY-MM-DD`);
    if (batch.expiresOn < batch.madeOn) throw new UsageError(`--item ${spec}: EXPIRES is before MADE`);
  }
  let line: { qty: string; price: string };
  try {
    line = basketLine({ code: parts[0], qty: parts[1]!, price: parts[2]! });
  } catch (e) {
    if (!YibaoError.is(e)) throw e;
    const field = String(e.details.field ?? '');
    if (field.endsWith('.qty')) throw new UsageError(`--item ${spec}: ${decimalHint(parts[1] ?? '', 'quantity must be above 0, with at most 4 decimals')}`);
    if (field.endsWith('.price')) throw new UsageError(`--item ${spec}: ${decimalHint(parts[2] ?? '', 'price must be yuan with at most 6 decimals')}`);
    throw new UsageError(`--item ${spec}: ${e.code}: ${e.messages.en}`);
  }
  const qty = /^\d+$/.test(line.qty) ? Number(line.qty) : line.qty;
  // Whole fen stay fen; finer prices travel as exact text.
  const item: SaleItem = /^\d+\.\d\d$/.test(line.price) ? { code: parts[0], qty, priceFen: yuanToFen(line.price) } : { code: parts[0], qty, price: line.price };
  return batch ? { ...item, ...batch } : item;
}

async function mappedItems(dir: string, till: number, items: SaleItem[]): Promise<SaleItem[]> {
  if (items.length === 0) return items;
  const file = await catalogFile(dir, till).catch(() => undefined);
  if (file === undefined || !existsSync(file)) return items;
  const catalog = await LocalCatalog.open(file);
  try {
    return catalog.map(items);
  } finally {
    catalog.close();
  }
}

function isRealDay(text: string): boolean {
  try {
    checkDay(text);
    return true;
  } catch {
    return false;
  }
}

export function registerCheckout(program: Command): void {
  program
    .command('checkout')
    .description('take one sale: voucher, PIN, settlement, receipt')
    .requiredOption('--dir <DIR>', 'environment (keys, trust list, settings) made by `gateway init`')
    .option('--gateway <URL>', 'settlement gateway base URL (default: the url in DIR/terminal.json)')
    .option('--backoffice <URL>', "the chain's back office: the sale's entries are pushed there once the receipt is out (and by later runs or journal push when it is down)")
    .option('--serial <PATH>', 'read vouchers and item codes from a serial scanner')
    .option('--baud <N>', 'serial baud rate (default 9600)')
    .option('--hid <VID:PID>', 'read from a USB HID POS scanner (ids in hex)')
    .option('--keyboard', 'with --hid: the scanner is in keyboard-wedge mode')
    .option('--layout <us|de|fr|uk>', 'with --hid --keyboard: the layout the scanner types in (default us)')
    .option('--suffix <cr|lf|crlf|tab|etx|none>', 'what ends a scan (default cr)')
    .option('--stdin', 'read scans from stdin, one per line (item codes before the voucher)')
    .option('--voucher <TEXT>', "the patient's voucher QR text, or a national voucher code (28 digits, decoded online)")
    .option('--payer-voucher <TEXT>', "mutual aid (共济): the paying family member's voucher QR text")
    .option('--mutual-aid', "mutual aid: wait for the payer's voucher as the second scan")
    .option('--item <CODE:QTY:PRICE[:LOT:MADE:EXPIRES]>', 'an item, price in yuan; a traced item adds its lot, production and expiry dates YYYY-MM-DD (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--amount <YUAN>', 'total in yuan (must equal the items when both are given)')
    .option('--pin-stdin', PIN_STDIN_HELP)
    .option('--pin-device <PATH>', 'a serial PIN pad (protocol: docs/pin.md)')
    .option('--journal <FILE>', "settlement journal (default: the till's journal in DIR/terminal.json: DIR/terminal/journal.db; till K>1: DIR/terminal-K/journal.db)")
    .option('--till <K>', 'which till of the pharmacy this is: its key, dev_no and msgid block', tillNumber, 1)
    .option('--national-pattern <REGEX|off>', 'which scans are national voucher codes, decoded online (default ^\\d{28}$); off: offline vouchers only')
    .option('--json', 'print the receipt or the error as one JSON object')
    .action(async (opts: CheckoutOptions) => {
      process.exitCode = await runCheckout(opts);
    });
}

async function runCheckout(opts: CheckoutOptions): Promise<number> {
  const sources = ['serial', 'hid', 'stdin', 'voucher'].filter((k) => opts[k as keyof CheckoutOptions] !== undefined);
  if (sources.length !== 1) throw new UsageError('choose exactly one of --serial, --hid, --stdin, --voucher');
  // Refuse before any code is used up: the PIN cannot be typed safely on a non-terminal.
  if (!opts.pinStdin && !opts.pinDevice && !process.stdin.isTTY) {
    throw new UsageError('stdin is not a terminal, so the PIN cannot be typed: use --pin-device PATH, or --pin-stdin for automation/testing');
  }
  if (opts.gateway !== undefined) gatewayUrl(opts.gateway);
  // The pharmacy's own codes go out as medins_list_codg, with the national code the local catalogue maps them to.
  const items = await mappedItems(opts.dir, opts.till, opts.item.map(parseItem));
  const nationalCodes = nationalOption(opts.nationalPattern);
  let amountFen: number | undefined;
  if (opts.amount !== undefined) {
    try {
      amountFen = yuanToFen(opts.amount);
    } catch {
      throw new UsageError(`--amount ${opts.amount}: ${decimalHint(opts.amount, 'yuan with at most two decimals')}`);
    }
  }
  // Nothing to charge, or a PIN pad that is not there: refuse now, not after the code is used up.
  try {
    saleLines(items, amountFen);
  } catch (e) {
    if (!YibaoError.is(e)) throw e;
    throw new UsageError(`${e.code}: ${e.messages.zh} / ${e.messages.en}: give --item CODE:QTY:PRICE (repeatable) and/or --amount YUAN`);
  }
  if (opts.pinDevice && !existsSync(opts.pinDevice)) throw new UsageError(`--pin-device ${opts.pinDevice}: no such device`);
  // Scanner options are checked before anything is read or opened.
  if (opts.layout !== undefined && !(opts.hid !== undefined && opts.keyboard)) throw new UsageError('--layout applies to a keyboard-mode scanner: --hid VID:PID --keyboard --layout us|de|fr|uk');
  const deviceScanner = opts.serial || opts.hid ? scannerFromOptions({ ...opts, stdin: false }) : undefined;
  const config = await loadTerminalConfig(opts.dir, { ...(opts.gateway ? { url: opts.gateway } : {}), ...(opts.journal ? { journal: opts.journal } : {}), till: opts.till }).catch((err: unknown) => {
    if (!ConfigError.is(err)) throw err;
    if (err.details.field === 'gateway.url') throw new UsageError('no gateway URL: pass --gateway URL or start `yibao-pos gateway serve --dir DIR`');
    if (err.code === 'CONFIG_MISSING') throw new UsageError(`--dir ${opts.dir}: no terminal configuration there (run \`yibao-pos gateway init --dir ${opts.dir}\`)`);
    // Name the file and field at fault (never a file's content).
    const { file, field, reason } = err.details as { file?: string; field?: string; reason?: string };
    throw new UsageError(`${err.code}: ${err.messages.en}${file ? `: ${file}` : ''}${field ? ` (${field}${reason ? `: ${reason}` : ''})` : ''}`);
  });

  const stdinLines = opts.stdin || opts.pinStdin ? new LineReader(process.stdin) : undefined;
  const pinPad = pinPadFromOptions({
    ...(opts.pinStdin && stdinLines ? { pinStdin: () => stdinLines.next() } : {}),
    ...(opts.pinDevice ? { pinDevice: opts.pinDevice } : {}),
  });
  const fromStdin = opts.stdin && stdinLines ? stdinScanner(stdinLines) : undefined;
  const scanner = deviceScanner ?? fromStdin?.scanner;
  const out = (s: string) => process.stdout.write(s);
  const err = (s: string) => process.stderr.write(s);

  let terminal: Terminal | undefined;
  let recovered: RecoveredSale[] = [];
  try {
    terminal = await createTerminal({
      ...(scanner ? { scanners: [scanner] } : {}),
      ...config,
      ...(opts.backoffice ? { backoffice: { url: opts.backoffice, timeoutMs: 3000 } } : {}),
      pinPad,
      ...(nationalCodes !== undefined ? { nationalCodes } : {}),
    });
    // Recovery is never silent: what it settled is shown before the new sale.
    recovered = [...terminal.recovered];
    if (!opts.json) printRecovered(recovered, out);
    const listed = new Set(items.map((i) => i.code));
    if (!opts.json) progressPrinter(terminal, err, (code) => listed.has(code));
    // Ctrl+C is the cashier's cancel: before 2102 leaves nothing is sent; after, the journal reverses it.
    const cancel = new AbortController();
    process.once('SIGINT', () => cancel.abort());
    const request: Parameters<Terminal['checkout']>[0] = { items, signal: cancel.signal };
    if (amountFen !== undefined) request.amountFen = amountFen;
    if (opts.voucher) request.voucher = opts.voucher;
    if (opts.payerVoucher) request.payerVoucher = opts.payerVoucher;
    if (opts.mutualAid) request.mutualAid = true;
    const sale = terminal.checkout(request);
    // --stdin: once the sale is open, its lines go through the scanner until the sale has its vouchers.
    const settled = sale.then(() => 'settled' as const, () => 'settled' as const);
    // A payer's voucher given with --payer-voucher is not scanned: the next line is the PIN.
    const scanIn = new Set<SaleState>(request.payerVoucher === undefined ? ['waiting_voucher', 'waiting_payer_voucher'] : ['waiting_voucher']);
    if (fromStdin && (await Promise.race([fromStdin.pump(terminal, scanIn), settled])) === 'ended') {
      cancel.abort();
      await sale.catch(() => undefined);
      throw new UsageError(`--stdin: input ended before a voucher (a line starting with ${VOUCHER_PREFIX}, or a national voucher code)`);
    }
    const receipt = await sale;
    const traceUploads = await traceUploadsAfter(terminal, receipt.msgid, opts.json ? () => undefined : err);
    if (opts.json) out(`${JSON.stringify({ ok: true, receipt, ...(traceUploads.length ? { traceUploads } : {}), ...(recovered.length ? { recovered } : {}) })}\n`);
    else out(formatReceipt(receipt));
    return EXIT_OK;
  } catch (e) {
    if (!YibaoError.is(e)) throw e;
    const pending = terminal?.pendingReversals() ?? [];
    if (opts.json) {
      out(`${JSON.stringify({ ok: false, code: e.code, message: e.messages, ...(Object.keys(e.details).length ? { details: e.details } : {}), ...(pending.length ? { pendingReversals: pending } : {}), ...(recovered.length ? { recovered } : {}) })}\n`);
    }
    else err(`${e.code}: ${e.messages.zh}\n${e.messages.en}\n${detailLine(e)}`);
    return exitCodeFor(e);
  } finally {
    // After the receipt: the back office never delays a sale; what does not get through now is pushed later.
    if (opts.backoffice && terminal) {
      const r = await terminal.pushToBackoffice().catch(() => undefined);
      if (!opts.json && r) err(`  后台推送 / back office: ${r.error === undefined && r.remaining === 0 ? 'pushed' : `${r.remaining} entr${r.remaining === 1 ? 'y' : 'ies'} left to push (${r.error ?? 'pending'})`}\n`);
    }
    await terminal?.close();
    await pinPad.close?.();
    process.stdin.pause();
  }
}

const OUTCOME: Record<RecoveredSale['outcome'], string> = {
  paid: '已支付（收据补打）/ PAID: the customer paid, receipt below',
  not_paid: '未支付，已冲正 / NOT paid: reversed',
  cancelled: '已撤销（退款已到账）/ CANCELLED: the refund stands',
  not_cancelled: '撤销未成功，原交易仍有效 / NOT cancelled: the sale stays paid',
  reversal_pending: '未支付，冲正处理中 / NOT paid: reversal pending',
};

/** What recovery settled before this sale, with the receipt of each sale that stayed paid. */
function printRecovered(sales: readonly RecoveredSale[], out: (s: string) => void): void {
  if (sales.length === 0) return;
  out(`恢复处理 / recovered before this sale: ${sales.length}\n`);
  for (const s of sales) {
    out(`  ${s.infno} ${s.msgid}  ${fenToYuan(s.amountFen)}  ${OUTCOME[s.outcome]}\n`);
    if (s.receipt) out(formatReceipt(s.receipt));
  }
  out('\n');
}

/** A number written with a decimal comma (`13,40`) is told so, not only the rule it broke. */
function decimalHint(text: string, rule: string): string {
  return /^\d+,\d+$/.test(text.trim()) ? `"${text}" uses a comma: write the decimal point as a dot (${text.replace(',', '.')})` : rule;
}

/** `--gateway URL`: an http(s) URL, checked before any voucher is read. */
function gatewayUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--gateway ${value}: not a URL (expected http://HOST:PORT or https://HOST/…)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--gateway ${value}: expected an http:// or https:// URL`);
  return url;
}

/** `--national-pattern`: a regular expression, or `off`. */
function nationalOption(value: string | undefined): NationalCodeOption | undefined {
  if (value === undefined) return undefined;
  if (value === 'off') return false;
  try {
    return { pattern: new RegExp(value) };
  } catch {
    throw new UsageError(`--national-pattern ${value}: not a regular expression (or off)`);
  }
}

/**
 * The sale's traceability uploads (3505) once the first try is over: the
 * sale is paid either way; an upload not acknowledged stays in the outbox and
 * is retried by the next terminal start or `yibao-pos journal traces --push`.
 */
async function traceUploadsAfter(terminal: Terminal, saleMsgid: string, say: (s: string) => void) {
  if (terminal.traceUploads(saleMsgid).length === 0) return [];
  await terminal.flushTraceUploads();
  const rows = terminal.traceUploads(saleMsgid).map((r) => ({ msgid: r.msgid, line: r.upload.line, codes: r.upload.traceCodes.length, state: r.state, attempts: r.attempts, lastError: r.lastError }));
  const acked = rows.filter((r) => r.state === 'acknowledged').length;
  if (acked === rows.length) say(`  追溯码已上传 / trace codes uploaded (${rows.reduce((n, r) => n + r.codes, 0)})\n`);
  else say(`  追溯码上传待重试 / trace upload pending: ${rows.length - acked} of ${rows.length} line(s), retried later\n`);
  return rows;
}

