/**
 * Exit codes shared by every command: 0 accepted/paid, 1 refused or
 * cancelled, 2 usage or configuration error.
 *
 * @module
 */
import { YibaoError } from '../index.js';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** Typed errors that mean the command was set up wrongly (exit 2), not a refusal (exit 1). */
const CONFIGURATION_CODES: ReadonlySet<string> = new Set([
  'NATIVE_MODULE_MISSING',
  'OPTIONAL_MODULE_MISSING',
  'SIM_ENV_EXISTS',
  'SIM_ENV_MISSING',
  'SCAN_SOCAT_MISSING',
  'PIN_NO_TTY',
  // A scanner that cannot be opened as configured: the fix is in the setup, not at the counter.
  'SCAN_OPEN_FAILED',
  'SCAN_PATH_MISSING',
  'SCAN_NOT_A_TTY',
  'SCAN_PERMISSION_DENIED',
  'SCAN_PORT_BUSY',
  'SCAN_UNPLUGGED',
  'SCAN_DEVICE_NOT_FOUND',
  'SCAN_LAYOUT_UNKNOWN',
  // A till set up wrongly (number out of range, a journal of another till, unknown to the gateway).
  'JOURNAL_TILL_INVALID',
  'JOURNAL_TILL_MISMATCH',
  'SIM_TILL_UNKNOWN',
  'SIM_TILLS_INVALID',
  // A damaged journal, outbox or replay guard: restored by a technician, not retried at the counter.
  'DATA_FILE_CORRUPT',
]);

/** Exit 2 for a typed error that means the command was set up wrongly, 1 for a refusal. */
export function exitCodeFor(err: YibaoError): number {
  // TRUST_*: no usable trust list is the terminal's setup, not the customer's refusal.
  return CONFIGURATION_CODES.has(err.code) || err.code.startsWith('CONFIG_') || err.code.startsWith('TRUST_') ? EXIT_USAGE : EXIT_REFUSED;
}

/**
 * What a technician needs beyond the message: the module that failed to load,
 * why, and the fix (details `module`, `reason`, `install`, `fix`); empty for
 * other errors.
 */
function fixLines(err: YibaoError): string {
  const d = err.details;
  if (typeof d.module !== 'string') return '';
  let out = `  ${d.module}${typeof d.reason === 'string' ? `: ${d.reason.split('\n')[0]}` : ''}\n`;
  if (typeof d.install === 'string') out += `  install: ${d.install}\n`;
  if (typeof d.fix === 'string') out += `  fix: ${d.fix}\n`;
  return out;
}

/** A usage or configuration problem: printed on stderr, exit 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Sets the exit code for a thrown error and prints it on stderr without a stack trace. */
export function reportError(err: unknown, stderr: (s: string) => void): number {
  if (err instanceof UsageError) {
    stderr(`yibao-pos: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (YibaoError.is(err)) {
    stderr(`yibao-pos: ${err.code}: ${err.messages.zh} / ${err.messages.en}\n${detailLine(err)}`);
    return exitCodeFor(err);
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr(`yibao-pos: ${message}\n`);
  return EXIT_USAGE;
}

/**
 * The line under an error that says where and what to do, when the error
 * carries them (device errors: `/dev/ttyACM0: Permission denied… → fix`); else ''.
 */
export function detailLine(err: YibaoError): string {
  // A module that did not load says which, and how to install or rebuild it.
  if (typeof err.details.module === 'string') return fixLines(err);
  const { path, reason, fix, layouts, fits } = err.details as { path?: unknown; reason?: unknown; fix?: unknown; layouts?: unknown; fits?: unknown };
  const parts: string[] = [];
  if (typeof path === 'string') parts.push(typeof reason === 'string' ? `${path}: ${reason}` : path);
  if (typeof fix === 'string') parts.push(`fix: ${fix}`);
  if (Array.isArray(layouts)) parts.push(`layouts: ${layouts.join(', ')}`);
  if (typeof fits === 'string') parts.push(`the scan reads as a plain code under layout ${fits}: try --layout ${fits}`);
  return parts.length ? `  ${parts.join('\n  ')}\n` : '';
}
