/**
 * The SDK logs through an injected logger (silent by default). Fields must be
 * non-secret: no PIN, PIN block or private key is ever passed here.
 *
 * @module
 *
 * Exported from `yibao-pos`.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where the SDK writes its log lines; never given a PIN, PIN block or key.
 *
 * Exported from `yibao-pos`.
 */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger that drops everything: the default of every `logger` option.
 */
export const silentLogger: Logger = { log() {} };

/**
 * One JSON line per entry on a writable stream (the CLI's `--verbose`).
 *
 * Exported from `yibao-pos`.
 *
 * @param write Receives each log line (one JSON object, no newline).
 * @param min The lowest level written (default `info`).
 *
 * @example
 * ```ts
 * import { createTerminal, jsonLineLogger } from 'yibao-pos';
 * const logger = jsonLineLogger((line) => process.stderr.write(`${line}\n`), 'warn');
 * ```
 */
export function jsonLineLogger(write: (line: string) => void, min: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return {
    log(level, message, fields) {
      if (order[level] < order[min]) return;
      write(`${JSON.stringify({ level, message, ...fields })}\n`);
    },
  };
}
