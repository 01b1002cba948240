/**
 * Gateway times (pure): the settlement day and the wire time stamps, in
 * China Standard Time (UTC+8, no daylight saving), whatever the host's zone.
 *
 * @module
 */

const CST_OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function parts(ms: number) {
  const d = new Date(ms + CST_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    mo: pad(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()),
    mi: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
    ms: pad(d.getUTCMilliseconds(), 3),
  };
}

/** `yyyy-MM-dd` of the settlement day. */
export function cstDay(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${p.mo}-${p.d}`;
}

/** `yyyyMMddHHmmss`. */
export function cstStamp14(ms: number): string {
  const p = parts(ms);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}

/** `yyyyMMddHHmmssSSS`. */
export function cstStamp17(ms: number): string {
  return `${cstStamp14(ms)}${parts(ms).ms}`;
}

/** `yyyy-MM-dd HH:mm:ss`. */
export function cstDateTime(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}
