/**
 * The terminal's local catalogue (SQLite): the pharmacy's own item codes
 * mapped to national codes (医保目录编码), imported from a CSV, and the
 * national drug catalogue downloaded by 1312. A sale line keeps the
 * pharmacy's code as `medins_list_codg` / `fixmedins_hilist_id` and goes out
 * with the national one as `med_list_codg`.
 *
 * @module
 */
import { migrate, openDatabase, type Database } from '../../lib/sqlite.js';
import type { CatalogRow } from '../../gateway/catalog.js';
import type { SaleItem } from '../../gateway/types.js';
import { JournalError } from '../errors.js';
import { parseCsv } from './csv.js';

const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS own_items (own_code TEXT PRIMARY KEY, national_code TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
     pack_unit TEXT NOT NULL DEFAULT '', sale_unit TEXT NOT NULL DEFAULT '');
   CREATE TABLE IF NOT EXISTS national_items (code TEXT PRIMARY KEY, name TEXT NOT NULL, list_type TEXT NOT NULL DEFAULT '',
     valid INTEGER NOT NULL DEFAULT 1, updated_at TEXT NOT NULL DEFAULT '');`,
];

/**
 * One mapping of the pharmacy's own code.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface OwnItem {
  ownCode: string;
  nationalCode: string;
  name?: string;
  packUnit?: string;
  saleUnit?: string;
}

const CODE = /^[\x21-\x7e]{1,50}$/;

/**
 * Reads the import CSV: `own_code,national_code[,name[,pack_unit[,sale_unit]]]`,
 * an optional header line (its first field `own_code`). Throws
 * `JOURNAL_CATALOG_INVALID` naming the line at fault.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 * @param text The CSV's text.
 * @example
 * ```ts
 * import { parseCatalogCsv } from 'yibao-pos';
 * parseCatalogCsv('own_code,national_code,name\n6901234567892,XJ01CRA045A001010100001,阿莫西林胶囊\n');
 * ```
 */
export function parseCatalogCsv(text: string): OwnItem[] {
  const rows = parseCsv(text);
  const start = rows[0]?.[0]?.trim().toLowerCase() === 'own_code' ? 1 : 0;
  return rows.slice(start).map((r, i) => {
    const [own, national, name, pack, sale] = r.map((f) => f.trim());
    if (!own || !CODE.test(own) || !national || !CODE.test(national)) {
      throw new JournalError('JOURNAL_CATALOG_INVALID', { details: { line: start + i + 1, reason: 'own_code and national_code: 1 to 50 printable characters' } });
    }
    const item: OwnItem = { ownCode: own, nationalCode: national };
    if (name) item.name = name.slice(0, 200);
    if (pack) item.packUnit = pack.slice(0, 20);
    if (sale) item.saleUnit = sale.slice(0, 20);
    return item;
  });
}

/**
 * The local catalogue file.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 * @example
 * ```ts
 * import { LocalCatalog } from 'yibao-pos';
 * const catalog = await LocalCatalog.open('/var/lib/pos/terminal/catalog.db');
 * const items = catalog.map([{ code: '6901234567892', qty: 1, priceFen: 1340 }]);
 * catalog.close();
 * ```
 */
export class LocalCatalog {
  readonly #db: Database;

  private constructor(db: Database) {
    this.#db = db;
  }

  static async open(file: string): Promise<LocalCatalog> {
    const db = await openDatabase(file);
    try {
      migrate(db, SCHEMA);
    } catch (err) {
      db.close();
      throw err;
    }
    return new LocalCatalog(db);
  }

  /** Adds or replaces mappings, all in one transaction; returns how many. */
  importItems(items: readonly OwnItem[]): number {
    const put = this.#db.prepare(
      'INSERT INTO own_items VALUES (@own, @national, @name, @pack, @sale) ON CONFLICT (own_code) DO UPDATE SET national_code = excluded.national_code, name = excluded.name, pack_unit = excluded.pack_unit, sale_unit = excluded.sale_unit',
    );
    this.#db.transaction(() => {
      for (const i of items) put.run({ own: i.ownCode, national: i.nationalCode, name: i.name ?? '', pack: i.packUnit ?? '', sale: i.saleUnit ?? '' });
    })();
    return items.length;
  }

  /** Adds or updates national catalogue rows (a 1312 page); returns how many. */
  storeNational(rows: readonly CatalogRow[]): number {
    const put = this.#db.prepare(
      'INSERT INTO national_items VALUES (@code, @name, @listType, @valid, @updatedAt) ON CONFLICT (code) DO UPDATE SET name = excluded.name, list_type = excluded.list_type, valid = excluded.valid, updated_at = excluded.updated_at',
    );
    this.#db.transaction(() => {
      for (const r of rows) put.run({ code: r.code, name: r.name, listType: r.listType ?? '', valid: r.valid ? 1 : 0, updatedAt: r.updatedAt ?? '' });
    })();
    return rows.length;
  }

  lookup(ownCode: string): OwnItem | undefined {
    const r = this.#db.prepare('SELECT * FROM own_items WHERE own_code = ?').get(ownCode) as
      | { own_code: string; national_code: string; name: string; pack_unit: string; sale_unit: string }
      | undefined;
    if (!r) return undefined;
    const item: OwnItem = { ownCode: r.own_code, nationalCode: r.national_code };
    if (r.name) item.name = r.name;
    if (r.pack_unit) item.packUnit = r.pack_unit;
    if (r.sale_unit) item.saleUnit = r.sale_unit;
    return item;
  }

  /** A national code as downloaded (1312), or undefined. */
  national(code: string): { code: string; name: string; valid: boolean } | undefined {
    const r = this.#db.prepare('SELECT code, name, valid FROM national_items WHERE code = ?').get(code) as { code: string; name: string; valid: number } | undefined;
    return r && { code: r.code, name: r.name, valid: r.valid === 1 };
  }

  counts(): { own: number; national: number } {
    const n = (t: string) => (this.#db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { own: n('own_items'), national: n('national_items') };
  }

  /**
   * Sale lines with the pharmacy's own code mapped: a line whose `code` is a
   * mapped own code goes out with the national code as `code` and its own as
   * `localCode` (and the name and units the table gives, unless the line has
   * them); other lines are unchanged.
   */
  map(items: readonly SaleItem[]): SaleItem[] {
    return items.map((item) => {
      const own = item.localCode === undefined ? this.lookup(item.code) : undefined;
      if (!own) return { ...item };
      const mapped: SaleItem = { ...item, code: own.nationalCode, localCode: own.ownCode };
      if (mapped.name === undefined && own.name) mapped.name = own.name;
      if (mapped.packUnit === undefined && own.packUnit) mapped.packUnit = own.packUnit;
      if (mapped.saleUnit === undefined && own.saleUnit) mapped.saleUnit = own.saleUnit;
      return mapped;
    });
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
