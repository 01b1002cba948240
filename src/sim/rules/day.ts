/**
 * Gateway times (pure): the settlement day and the wire time stamps, in
 * China Standard Time (UTC+8, no daylight saving), whatever the host's zone;
 * the offset and the formatting are gateway/local-time.ts's.
 *
 * @module
 */
import { localTime } from '../../gateway/local-time.js';

/** `yyyy-MM-dd` of the settlement day. */
export function cstDay(ms: number): string {
  return localTime(ms).text.slice(0, 10);
}

/** `yyyyMMddHHmmss`. */
export function cstStamp14(ms: number): string {
  return localTime(ms).compact;
}

/** `yyyyMMddHHmmssSSS`. */
export function cstStamp17(ms: number): string {
  return `${cstStamp14(ms)}${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}`;
}

/** `yyyy-MM-dd HH:mm:ss`. */
export function cstDateTime(ms: number): string {
  return localTime(ms).text;
}
