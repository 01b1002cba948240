/**
 * The database a back-office test file shares: PGlite in memory always;
 * a fresh database on the PostgreSQL server named by YIBAO_PG_URL when set
 * (`.ci/run` starts one), so the same tests run on both engines.
 */
import { openDatabase, type Sql } from '../../src/backoffice/db.js';

export interface Engine {
  name: 'pglite' | 'server';
  open(): Promise<Sql>;
}

async function freshServerDatabase(url: string): Promise<string> {
  const admin = await openDatabase({ url, pool: 1 });
  const name = `yibao_bo_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  try {
    await admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export const ENGINES: Engine[] = [
  { name: 'pglite', open: () => openDatabase({ memory: true }) },
  ...(process.env.YIBAO_PG_URL ? [{ name: 'server' as const, open: async () => openDatabase({ url: await freshServerDatabase(process.env.YIBAO_PG_URL!) }) }] : []),
];
