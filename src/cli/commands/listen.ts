/**
 * `yibao-pos listen`: prints one line per scan from a serial scanner, a USB
 * HID scanner, a recorded HID capture, or stdin; with `--json` one JSON
 * object per line. Errors (too long, unplugged) go to stderr and listening
 * goes on; Ctrl+C closes the scanner and exits 0.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ReplayBinding, parseHidCapture } from '../../scanner/bindings/replay.js';
import { StreamBinding } from '../../scanner/bindings/stream.js';
import { SUFFIX_NAMES, type SuffixName } from '../../scanner/framing/options.js';
import { HidScanner, parseVidPid } from '../../scanner/hid-scanner.js';
import { decodeQrImage } from '../../scanner/image.js';
import type { Scan } from '../../scanner/scan.js';
import { Scanner } from '../../scanner/scanner.js';
import { SerialScanner } from '../../scanner/serial-scanner.js';
import { UsageError } from '../exit.js';

/** The sources `listen` reads (checkout's src/cli/scanner-choice.ts covers --serial/--hid only). */
export interface ListenSource {
  serial?: string;
  baud?: string;
  hid?: string;
  keyboard?: boolean;
  hidCapture?: string;
  stdin?: boolean;
  suffix?: string;
}

function suffixOf(o: ListenSource, fallback: SuffixName): SuffixName {
  if (o.suffix === undefined) return fallback;
  if (!(SUFFIX_NAMES as string[]).includes(o.suffix)) throw new UsageError(`--suffix ${o.suffix}: expected one of ${SUFFIX_NAMES.join('|')}`);
  return o.suffix as SuffixName;
}

/** Builds the Scanner the options name (exactly one source). Throws UsageError otherwise. */
export async function listenScanner(o: ListenSource): Promise<Scanner> {
  const sources = [o.serial, o.hid, o.hidCapture, o.stdin ? 'stdin' : undefined].filter((x) => x !== undefined);
  if (sources.length !== 1) throw new UsageError('name exactly one of --serial PATH, --hid VID:PID, --hid-capture FILE, --stdin');
  if (o.serial !== undefined) {
    const baudRate = o.baud === undefined ? 9600 : Number(o.baud);
    if (!Number.isSafeInteger(baudRate) || baudRate <= 0) throw new UsageError(`--baud ${o.baud}: expected a positive whole number`);
    return new SerialScanner({ path: o.serial, baudRate, suffix: suffixOf(o, 'cr') });
  }
  if (o.hid !== undefined) {
    const ids = parseVidPid(o.hid);
    if (!ids) throw new UsageError(`--hid ${o.hid}: expected VID:PID in hex, e.g. 0c2e:0b61`);
    return new HidScanner({ ...ids, mode: o.keyboard ? 'keyboard' : 'pos', framing: { suffix: suffixOf(o, 'cr') } });
  }
  if (o.hidCapture !== undefined) {
    let textOfFile: string;
    try {
      textOfFile = readFileSync(o.hidCapture, 'utf8');
    } catch (err) {
      throw new UsageError(`--hid-capture ${o.hidCapture}: ${(err as Error).message}`);
    }
    return new Scanner({ binding: new ReplayBinding(parseHidCapture(textOfFile)), framing: { suffix: suffixOf(o, 'cr') } });
  }
  // Piped text is lines: LF by default.
  return new Scanner({ binding: new StreamBinding(process.stdin), framing: { suffix: suffixOf(o, 'lf') } });
}

/** Control bytes shown visibly in a plain line (`\x1d` for GS). */
const visible = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function scanLine(scan: Scan, json: boolean): string {
  if (json) return JSON.stringify({ text: scan.text, kind: scan.kind, symbology: scan.symbology ?? null, source: scan.source, at: scan.at });
  return `${scan.kind}\t${scan.symbology ?? '-'}\t${visible(scan.text)}`;
}

interface ListenOptions extends ListenSource {
  json?: boolean;
  image?: string;
}

export function registerListen(program: Command): void {
  program
    .command('listen')
    .description('print every scan from a scanner, one line each (Ctrl+C to stop)')
    .option('--serial <PATH>', 'serial scanner, e.g. /dev/ttyACM0')
    .option('--baud <N>', 'serial baud rate (default 9600)')
    .option('--hid <VID:PID>', 'USB HID POS scanner, ids in hex')
    .option('--keyboard', 'with --hid: the scanner is in keyboard-wedge mode')
    .option('--hid-capture <FILE>', 'replay recorded HID reports (one hex report per line)')
    .option('--stdin', 'read scans from stdin (one per line)')
    .option('--image <FILE>', 'decode the QR code in a PNG image once (camera/kiosk testing)')
    .option('--suffix <S>', `what ends a scan: ${SUFFIX_NAMES.join('|')} (default cr; lf for --stdin)`)
    .option('--json', 'one JSON object per line: {"text","kind","symbology","source","at"}')
    .action(async (opts: ListenOptions) => {
      if (opts.image !== undefined) {
        let png: Buffer;
        try {
          png = readFileSync(opts.image);
        } catch (err) {
          throw new UsageError(`--image ${opts.image}: ${(err as Error).message}`);
        }
        process.stdout.write(`${scanLine(await decodeQrImage(new Uint8Array(png), { source: `image:${opts.image}` }), opts.json === true)}\n`);
        return;
      }
      const scanner = await listenScanner(opts);
      const out = (s: string) => process.stdout.write(`${s}\n`);
      scanner.on('scan', (s) => out(scanLine(s, opts.json === true)));
      scanner.on('error', (e) => process.stderr.write(`yibao-pos: ${e.code}: ${e.messages.zh} / ${e.messages.en}\n`));
      scanner.on('attach', (a) => process.stderr.write(`yibao-pos: attached ${a.source}\n`));
      const ended = new Promise<void>((resolve) => {
        scanner.once('end', resolve);
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await scanner.open();
      await scanner.claim();
      await scanner.enable();
      await ended;
      await scanner.close();
      // stdin may hold the event loop open after Ctrl+C.
      process.stdin.pause();
      process.stdin.unref?.();
    });
}
