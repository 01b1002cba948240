/**
 * The simulator's national drug catalogue (what 1312 pages through): a few
 * named rows the demo and tests sell, and numbered ones so a download spans
 * several pages.
 *
 * @module
 */
import type { CatalogRowDb } from './ledger/national-tables.js';

const NAMED: ReadonlyArray<[string, string]> = [
  ['XJ01CRA045A001010100001', '阿莫西林胶囊'],
  ['XR05XAF122B002010100002', '复方甘草片'],
  ['XM01AEI049A001010100003', '布洛芬缓释胶囊'],
  ['XA02BCO054A001010100004', '奥美拉唑肠溶胶囊'],
  ['XC08CAA093A001010100005', '苯磺酸氨氯地平片'],
];

/** Rows of the simulated catalogue: 5 named and 245 numbered (250 in all). */
export function catalogSeed(): CatalogRowDb[] {
  const rows: CatalogRowDb[] = NAMED.map(([hilist_code, hilist_name]) => ({ hilist_code, hilist_name, list_type: '101', vali_flag: '1', updt_time: '2026-01-01 00:00:00' }));
  for (let i = 1; i <= 245; i++) {
    rows.push({ hilist_code: `XZ99ZZZ${String(i).padStart(3, '0')}A001010100000`, hilist_name: `模拟药品${i}`, list_type: '101', vali_flag: i % 50 === 0 ? '0' : '1', updt_time: '2026-01-01 00:00:00' });
  }
  return rows;
}
