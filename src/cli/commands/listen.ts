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
import { decodeQrImage, SUFFIX_NAMES, type Scan } from '../../index.js';
import { detailLine, UsageError } from '../exit.js';
import { scannerFromOptions, type ScannerSource } from '../scanner-source.js';

/** Control bytes shown visibly in a plain line (`\x1d` for GS). */
export const visible = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function scanLine(scan: Scan, json: boolean): string {
  if (json) return JSON.stringify({ text: scan.text, kind: scan.kind, symbology: scan.symbology ?? null, source: scan.source, at: scan.at });
  return `${scan.kind}\t${scan.symbology ?? '-'}\t${visible(scan.text)}`;
}

interface ListenOptions extends ScannerSource {
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
    .option('--layout <us|de|fr|uk>', 'keyboard layout the scanner types in (keyboard mode and keyboard captures; default us)')
    .option('--hid-capture <FILE>', 'replay recorded HID reports (one hex report per line; 8/9-byte keyboard or 64-byte HID POS)')
    .option('--stdin', 'read scans from stdin (one per line)')
    .option('--image <FILE>', 'decode the QR code in a PNG or JPEG image once (camera/kiosk testing)')
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
      const scanner = scannerFromOptions(opts);
      const out = (s: string) => process.stdout.write(`${s}\n`);
      scanner.on('scan', (s) => out(scanLine(s, opts.json === true)));
      scanner.on('error', (e) => process.stderr.write(`yibao-pos: ${e.code}: ${e.messages.zh} / ${e.messages.en}\n${detailLine(e)}`));
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
