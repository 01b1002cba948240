/**
 * Day partitions of the partitioned tables, made when a day first comes.
 * Two connections may race to make the same one: the loser's "already
 * exists" is the outcome it wanted.
 *
 * @module
 */
import type { Sql } from './db.js';

export const PARTITIONED = ['entries', 'uploads'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Remembers the partitions this process made or saw, so a push pays for the check once a day. */
export class Partitions {
  readonly #known = new Set<string>();
  constructor(private readonly sql: Sql) {}

  async ensure(days: Iterable<string>): Promise<void> {
    for (const day of days) {
      if (this.#known.has(day)) continue;
      if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
      for (const table of PARTITIONED) {
        const name = `${table}_${day.replaceAll('-', '')}`;
        try {
          await this.sql.exec(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${table} FOR VALUES FROM ('${day}') TO ('${nextDay(day)}')`);
        } catch (err) {
          // 42P07 duplicate_table, 23505 a concurrent catalogue insert: someone else made it.
          const code = (err as { code?: string }).code;
          if (code !== '42P07' && code !== '23505') throw err;
        }
      }
      this.#known.add(day);
    }
  }
}
