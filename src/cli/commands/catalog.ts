/**
 * `yibao-pos catalog import|download|show`: the terminal's local catalogue.
 * `import FILE` maps the pharmacy's own item codes to national codes from a
 * CSV; `download` pages the national drug catalogue (1312) from the gateway
 * into it. `checkout` then sends a mapped own code as `medins_list_codg` and
 * the national code as `med_list_codg`.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import {
  GatewayClient,
  LocalCatalog,
  loadGatewayOptions,
  parseCatalogCsv,
  readTerminalSettings,
  terminalFiles,
  tillSettings,
  YibaoError,
} from '../../index.js';
import { readTextFile, tillNumber } from '../args.js';
import { EXIT_OK, UsageError } from '../exit.js';

interface CatalogOpts {
  dir: string;
  till: number;
  json?: boolean;
}

/** The till's catalogue file (`catalog` in terminal.json, default `<stateDir>/catalog.db`). */
export async function catalogFile(dir: string, till: number): Promise<string> {
  const settings = await readTerminalSettings(dir).catch((err: unknown) => {
    if (YibaoError.is(err)) throw new UsageError(`--dir ${dir}: ${err.code}: ${err.messages.en}`);
    throw err;
  });
  return terminalFiles(dir, tillSettings(settings, till)).catalog;
}

async function withCatalog<T>(opts: CatalogOpts, run: (c: LocalCatalog) => Promise<T>): Promise<T> {
  const file = await catalogFile(opts.dir, opts.till);
  // The till's state folder may not exist before its first sale.
  await mkdir(dirname(file), { recursive: true });
  const catalog = await LocalCatalog.open(file);
  try {
    return await run(catalog);
  } finally {
    catalog.close();
  }
}

export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('The local catalogue: own item codes → national codes (import), the national drug catalogue (download, 1312)');
  const common = (c: Command) =>
    c.requiredOption('--dir <DIR>', "the terminal's folder (terminal.json)").option('--till <K>', 'which till (default 1)', tillNumber, 1).option('--json', 'print JSON');
  common(catalog.command('import').argument('<FILE>', 'CSV: own_code,national_code[,name[,pack_unit[,sale_unit]]], optional header line'))
    .description("Map the pharmacy's own item codes to national codes")
    .action(async (file: string, opts: CatalogOpts) => {
      let items;
      try {
        items = parseCatalogCsv(await readTextFile(file, 'catalog import'));
      } catch (err) {
        if (YibaoError.is(err)) throw new UsageError(`${file}: ${err.code}: ${err.messages.en} (line ${String(err.details.line ?? '?')})`);
        throw err;
      }
      const counts = await withCatalog(opts, async (c) => {
        c.importItems(items);
        return c.counts();
      });
      process.stdout.write(opts.json ? `${JSON.stringify({ imported: items.length, ...counts })}\n` : `imported ${items.length} mapping(s); the catalogue holds ${counts.own} own code(s), ${counts.national} national code(s)\n`);
      process.exitCode = EXIT_OK;
    });
  common(catalog.command('download'))
    .description('Download the national drug catalogue (1312, page by page) into the local catalogue')
    .option('--gateway <URL>', 'gateway base URL (default: the url in DIR/terminal.json)')
    .option('--since <YYYY-MM-DD>', 'rows updated since (default: everything)')
    .option('--page-size <N>', 'rows per page (default 100)', (v: string) => {
      if (!/^[0-9]{1,4}$/.test(v) || Number(v) < 1 || Number(v) > 1000) throw new UsageError(`--page-size must be 1..1000, got ${v}`);
      return Number(v);
    })
    .action(async (opts: CatalogOpts & { gateway?: string; since?: string; pageSize?: number }) => {
      const options = await loadGatewayOptions(opts.dir, { ...(opts.gateway ? { url: opts.gateway } : {}), till: opts.till });
      const client = new GatewayClient(options);
      try {
        const report = await withCatalog(opts, async (c) => {
          const queryDate = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
          let rows = 0;
          let pages = 0;
          for (let page = 1; ; page++) {
            const got = await client.catalogPage({ insuAdmdvs: options.mdtrtAreaAdmvs, queryDate, page, ...(opts.since ? { updatedSince: opts.since } : {}), ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) });
            rows += c.storeNational(got.rows);
            pages = page;
            if (!got.more || got.rows.length === 0) break;
          }
          return { pages, rows, ...c.counts() };
        });
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `downloaded ${report.rows} row(s) in ${report.pages} page(s); the catalogue holds ${report.national} national code(s)\n`);
        process.exitCode = EXIT_OK;
      } finally {
        await client.close();
      }
    });
}
