/**
 * One SQL interface over two PostgreSQL engines: a server through `pg`
 * (a pool of connections) or PGlite, PostgreSQL compiled to WebAssembly and
 * embedded in this process (one connection, data in a folder). The schema,
 * migrations and every statement are the same on both; results are read
 * through `Number()`/`String()` so that int8 and date columns come out alike.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { BackofficeError } from './errors.js';

export interface Sql {
  /** `server` (pg) or `embedded` (PGlite). */
  readonly engine: 'server' | 'embedded';
  /**
   * One statement. With `name` (a statement run often, the same text every
   * time), a server parses and plans it once per connection, not per call.
   */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], name?: string): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (tx: Omit<Sql, 'transaction' | 'close'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the data lives: a PostgreSQL URL, or a folder for the embedded engine. */
export type DatabaseTarget = { url: string; pool?: number } | { dir: string } | { memory: true };

async function openServer(url: string, max: number): Promise<Sql> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's error (server restart) must not crash the process: the next query reports it.
  pool.on('error', () => {});
  type Q = { query: (q: { text: string; values: unknown[]; name?: string }) => Promise<{ rows: unknown[] }> };
  const wrap = (q: Q) => ({
    engine: 'server' as const,
    query: async <R>(text: string, params: readonly unknown[] = [], name?: string) =>
      (await q.query({ text, values: [...params], ...(name !== undefined ? { name } : {}) })).rows as R[],
    exec: async (text: string) => {
      await (q as unknown as { query: (t: string) => Promise<unknown> }).query(text);
    },
  });
  return {
    ...wrap(pool as unknown as Q),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client as unknown as Q));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openEmbedded(dir: string | undefined): Promise<Sql> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dir !== undefined) await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  type Q = { query: (t: string, p?: unknown[]) => Promise<{ rows: unknown[] }>; exec: (t: string) => Promise<unknown> };
  const wrap = (q: Q) => ({
    engine: 'embedded' as const,
    query: async <R>(text: string, params: readonly unknown[] = []) => (await q.query(text, [...params])).rows as R[],
    exec: async (text: string) => {
      await q.exec(text);
    },
  });
  return {
    ...wrap(db as unknown as Q),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx as unknown as Q))),
    close: () => db.close(),
  };
}

/**
 * Opens the back office's database: PostgreSQL at `url`, or PGlite in `dir` (or in memory).
 *
 * @throws `BACKOFFICE_DB_FAILED` when it cannot be opened.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Sql> {
  try {
    if ('url' in target) {
      const sql = await openServer(target.url, target.pool ?? 10);
      await sql.query('SELECT 1');
      return sql;
    }
    return await openEmbedded('dir' in target ? target.dir : undefined);
  } catch (cause) {
    throw new BackofficeError('BACKOFFICE_DB_FAILED', { cause, details: { engine: 'url' in target ? 'server' : 'embedded' } });
  }
}
