/**
 * Framing options and their byte tables: which suffix ends a scan, which
 * prefix may start one.
 *
 * @module
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */

import type { Timer } from '../../lib/timer.js';

/**
 * The names of the suffixes a scanner may be set to send after each code.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type SuffixName = 'cr' | 'lf' | 'crlf' | 'tab' | 'etx' | 'none';
/**
 * The names of the prefixes a scanner may be set to send before each code.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type PrefixName = 'stx' | 'none';

export const SUFFIXES: Readonly<Record<SuffixName, Uint8Array>> = {
  cr: Uint8Array.of(0x0d),
  lf: Uint8Array.of(0x0a),
  crlf: Uint8Array.of(0x0d, 0x0a),
  tab: Uint8Array.of(0x09),
  etx: Uint8Array.of(0x03),
  none: new Uint8Array(0),
};

export const PREFIXES: Readonly<Record<PrefixName, Uint8Array>> = {
  stx: Uint8Array.of(0x02),
  none: new Uint8Array(0),
};

/**
 * The scanner's timer: the one `Timer` (src/lib/timer.ts).
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @deprecated Use `Timer`; kept so code that names it still compiles.
 */
export type FrameTimer = Timer;

/**
 * How a byte stream is cut into scans: suffix, prefix, maximum length, inter-byte timeout.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface FramingOptions {
  /** What ends a scan. Default `cr`. */
  suffix?: SuffixName;
  /** Stripped from the start of a scan when present. Default `none` (with `etx`, `stx`). */
  prefix?: PrefixName;
  /** Parse a leading AIM id (`]Q1`): `auto` (default) when one is present, `never`. */
  aim?: 'auto' | 'never';
  /** Ends a scan after this many ms without a byte (scanners that send no suffix). */
  interByteTimeoutMs?: number;
  /** Longest scan in bytes (default 8192); longer is `SCAN_TOO_LONG` and dropped up to the next suffix. */
  maxLength?: number;
  timer?: Timer;
}

/**
 * The names of the suffixes a scan may end with: `cr`, `lf`, `crlf`, `tab`, `etx`, `none`.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { SUFFIX_NAMES, type SuffixName } from 'yibao-pos/scanner';
 * const isSuffix = (s: string): s is SuffixName => (SUFFIX_NAMES as string[]).includes(s);
 * ```
 */
export const SUFFIX_NAMES = Object.keys(SUFFIXES) as SuffixName[];
