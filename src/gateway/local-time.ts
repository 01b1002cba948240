/**
 * The terminal's local wall-clock time for the envelope (`inf_time`, the
 * msgid's `yyyyMMddHHmmss`), from an injected clock and a fixed UTC offset.
 * China has one time zone and no daylight saving, so an offset is exact;
 * it is injectable for tests and for terminals elsewhere.
 *
 * @module
 */

/**
 * Asia/Shanghai, +08:00, in minutes.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 *
 * @example
 * ```ts
 * import { journalTotals, readJournalEntries, CHINA_UTC_OFFSET_MIN } from 'yibao-pos';
 * const totals = journalTotals(await readJournalEntries(file), '2026-03-01', CHINA_UTC_OFFSET_MIN);
 * ```
 */
export const CHINA_UTC_OFFSET_MIN = 480;

export interface LocalTime {
  /** yyyyMMddHHmmss */
  compact: string;
  /** yyyy-MM-dd HH:mm:ss */
  text: string;
}

const p2 = (n: number) => String(n).padStart(2, '0');

export function localTime(ms: number, offsetMin: number = CHINA_UTC_OFFSET_MIN): LocalTime {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetMin * 60_000);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const mo = p2(d.getUTCMonth() + 1);
  const da = p2(d.getUTCDate());
  const h = p2(d.getUTCHours());
  const mi = p2(d.getUTCMinutes());
  const s = p2(d.getUTCSeconds());
  return { compact: `${y}${mo}${da}${h}${mi}${s}`, text: `${y}-${mo}-${da} ${h}:${mi}:${s}` };
}

/**
 * A moment as local wall-clock text with its offset, so nobody reads it as
 * UTC: `2026-03-01 10:00:00+08:00`. For showing the epoch-millisecond times
 * the journal keeps (`createdAt`, `updatedAt`, `bookedAt`).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 *
 * @param ms Milliseconds since the epoch.
 * @param offsetMin The local time's offset from UTC in minutes (default China's, `CHINA_UTC_OFFSET_MIN`).
 * @example
 * ```ts
 * import { formatLocalTime } from 'yibao-pos';
 * formatLocalTime(Date.UTC(2026, 2, 1, 2, 0, 0)); // '2026-03-01 10:00:00+08:00'
 * ```
 */
export function formatLocalTime(ms: number, offsetMin: number = CHINA_UTC_OFFSET_MIN): string {
  const a = Math.abs(offsetMin);
  return `${localTime(ms, offsetMin).text}${offsetMin < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}
