/**
 * The simulator's national drug catalogue (what 1312 pages through), kept
 * in the ledger's `catalog` table: a few named rows the demo and tests
 * sell, and numbered ones so a download spans several pages. Created and
 * seeded on open when empty.
 *
 * @module
 */
import type { Ledger } from './ledger.js';

/** One catalogue row, as stored and as 1312 answers it. */
export interface CatalogRowDb {
  hilist_code: string;
  hilist_name: string;
  list_type: string;
  vali_flag: string;
  updt_time: string;
}

const NAMED: ReadonlyArray<[string, string]> = [
  ['XJ01CRA045A001010100001', '阿莫西林胶囊'],
  ['XR05XAF122B002010100002', '复方甘草片'],
  ['XM01AEI049A001010100003', '布洛芬缓释胶囊'],
  ['XA02BCO054A001010100004', '奥美拉唑肠溶胶囊'],
  ['XC08CAA093A001010100005', '苯磺酸氨氯地平片'],
];

/** Rows of the simulated catalogue: 5 named and 245 numbered (250 in all). */
function catalogSeed(): CatalogRowDb[] {
  const rows: CatalogRowDb[] = NAMED.map(([hilist_code, hilist_name]) => ({ hilist_code, hilist_name, list_type: '101', vali_flag: '1', updt_time: '2026-01-01 00:00:00' }));
  for (let i = 1; i <= 245; i++) {
    rows.push({ hilist_code: `XZ99ZZZ${String(i).padStart(3, '0')}A001010100000`, hilist_name: `模拟药品${i}`, list_type: '101', vali_flag: i % 50 === 0 ? '0' : '1', updt_time: '2026-01-01 00:00:00' });
  }
  return rows;
}

/** Creates the catalogue table when missing and seeds it when empty. */
export function ensureCatalog(ledger: Ledger): void {
  ledger.db.exec(`CREATE TABLE IF NOT EXISTS catalog (hilist_code TEXT PRIMARY KEY, hilist_name TEXT NOT NULL, list_type TEXT NOT NULL,
    vali_flag TEXT NOT NULL, updt_time TEXT NOT NULL)`);
  if ((ledger.db.prepare('SELECT COUNT(*) AS n FROM catalog').get() as { n: number }).n === 0) seedCatalog(ledger, catalogSeed());
}

function seedCatalog(ledger: Ledger, rows: readonly CatalogRowDb[]): void {
  const insert = ledger.db.prepare('INSERT OR IGNORE INTO catalog VALUES (@hilist_code, @hilist_name, @list_type, @vali_flag, @updt_time)');
  ledger.atomic(() => {
    for (const r of rows) insert.run(r);
  });
}

/** One page (from 1) of the catalogue rows updated on or after `since`, and how many there are. */
export function catalogPage(ledger: Ledger, since: string, page: number, size: number): { rows: CatalogRowDb[]; total: number } {
  const total = (ledger.db.prepare('SELECT COUNT(*) AS n FROM catalog WHERE updt_time >= ?').get(since) as { n: number }).n;
  const rows = ledger.db.prepare('SELECT * FROM catalog WHERE updt_time >= ? ORDER BY hilist_code LIMIT ? OFFSET ?').all(since, size, (page - 1) * size) as CatalogRowDb[];
  return { rows, total };
}
