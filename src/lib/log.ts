/**
 * The SDK logs through an injected logger (silent by default). Fields must be
 * non-secret: no PIN, PIN block or private key is ever passed here.
 *
 * @module
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { log() {} };

/** One JSON line per entry on a writable stream (the CLI's `--verbose`). */
export function jsonLineLogger(write: (line: string) => void, min: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return {
    log(level, message, fields) {
      if (order[level] < order[min]) return;
      write(`${JSON.stringify({ level, message, ...fields })}\n`);
    },
  };
}
