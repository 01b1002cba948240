/**
 * Framing options and their byte tables: which suffix ends a scan, which
 * prefix may start one.
 *
 * @module
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
 * A one-shot timer the framer uses for the inter-byte timeout (injected so tests need not sleep).
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface FrameTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimer: FrameTimer = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

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
  timer?: FrameTimer;
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
