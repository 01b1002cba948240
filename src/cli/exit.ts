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
const CONFIGURATION_CODES: ReadonlySet<string> = new Set(['NATIVE_MODULE_MISSING', 'SIM_ENV_EXISTS', 'SIM_ENV_MISSING', 'SCAN_SOCAT_MISSING', 'PIN_NO_TTY']);

/** Exit 2 for a typed error that means the command was set up wrongly, 1 for a refusal. */
export function exitCodeFor(err: YibaoError): number {
  return CONFIGURATION_CODES.has(err.code) || err.code.startsWith('CONFIG_') ? EXIT_USAGE : EXIT_REFUSED;
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
    stderr(`yibao-pos: ${err.code}: ${err.messages.zh} / ${err.messages.en}\n`);
    return exitCodeFor(err);
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr(`yibao-pos: ${message}\n`);
  return EXIT_USAGE;
}
