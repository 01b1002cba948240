/**
 * Builds the scanner a command names: `--serial PATH [--baud N]`,
 * `--hid VID:PID [--keyboard]`, `--hid-capture FILE` or `--stdin`, with
 * `--suffix`. Shared by `listen` and `checkout`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { captureBinding, HidScanner, LAYOUT_NAMES, Scanner, SerialScanner, StreamBinding, SUFFIX_NAMES, type LayoutName, type SuffixName } from '../index.js';
import { UsageError } from './exit.js';

/** `--hid VID:PID` in hex (`0c2e:0b61`, `0x0c2e:0x0b61`); undefined when malformed. */
export function parseVidPid(text: string): { vendorId: number; productId: number } | undefined {
  const m = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(text.trim());
  return m ? { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) } : undefined;
}

/** The scanner sources a command can name. */
export interface ScannerSource {
  serial?: string;
  baud?: string;
  hid?: string;
  keyboard?: boolean;
  layout?: string;
  hidCapture?: string;
  stdin?: boolean;
  suffix?: string;
}

function suffixOf(o: ScannerSource, fallback: SuffixName): SuffixName {
  if (o.suffix === undefined) return fallback;
  if (!(SUFFIX_NAMES as string[]).includes(o.suffix)) throw new UsageError(`--suffix ${o.suffix}: expected one of ${SUFFIX_NAMES.join('|')}`);
  return o.suffix as SuffixName;
}

/** `--layout`: one of ours, and only where keys are typed (keyboard mode, captures). */
function layoutOf(o: ScannerSource): LayoutName {
  if (o.layout === undefined) return 'us';
  if (!(LAYOUT_NAMES as string[]).includes(o.layout)) throw new UsageError(`--layout ${o.layout}: not a layout we have; use one of ${LAYOUT_NAMES.join('|')}, or set the scanner to US keyboard (see README: Scanners)`);
  if (!(o.hid !== undefined && o.keyboard) && o.hidCapture === undefined) throw new UsageError('--layout applies to keyboard mode: --hid VID:PID --keyboard, or --hid-capture FILE');
  return o.layout as LayoutName;
}

/** Builds the Scanner the options name (exactly one source). Throws UsageError otherwise. */
export function scannerFromOptions(o: ScannerSource): Scanner {
  const sources = [o.serial, o.hid, o.hidCapture, o.stdin ? 'stdin' : undefined].filter((x) => x !== undefined);
  if (sources.length !== 1) throw new UsageError('name exactly one of --serial PATH, --hid VID:PID, --hid-capture FILE, --stdin');
  const layout = layoutOf(o);
  if (o.serial !== undefined) {
    const baudRate = o.baud === undefined ? 9600 : Number(o.baud);
    if (!Number.isSafeInteger(baudRate) || baudRate <= 0) throw new UsageError(`--baud ${o.baud}: expected a positive whole number`);
    return new SerialScanner({ path: o.serial, baudRate, suffix: suffixOf(o, 'cr') });
  }
  if (o.hid !== undefined) {
    const ids = parseVidPid(o.hid);
    if (!ids) throw new UsageError(`--hid ${o.hid}: expected VID:PID in hex, e.g. 0c2e:0b61`);
    return new HidScanner({ ...ids, mode: o.keyboard ? 'keyboard' : 'pos', layout, framing: { suffix: suffixOf(o, 'cr') } });
  }
  if (o.hidCapture !== undefined) {
    let textOfFile: string;
    try {
      textOfFile = readFileSync(o.hidCapture, 'utf8');
    } catch (err) {
      throw new UsageError(`--hid-capture ${o.hidCapture}: ${(err as Error).message}`);
    }
    return new Scanner({ binding: captureBinding(textOfFile), layout, framing: { suffix: suffixOf(o, 'cr') } });
  }
  // Piped text is lines: LF by default.
  return new Scanner({ binding: new StreamBinding(process.stdin), framing: { suffix: suffixOf(o, 'lf') } });
}

