/**
 * `yibao-pos backoffice serve|reconcile`: the chain's back office, and
 * reconciling a day through it; `yibao-pos journal push`: one till's
 * entries pushed to it now (exit 1 while any stays unpushed).
 *
 * @module
 */
import type { Command } from 'commander';
import { checkDay, fenToYuan, loadTerminalConfig } from '../../index.js';
import { startBackoffice, type PharmacyDayReport } from '../../backoffice/index.js';
import { SettlementJournal } from '../../journal/index.js';
import { tillNumber } from '../args.js';
import { EXIT_OK, EXIT_REFUSED, UsageError } from '../exit.js';

function port(value: string): number {
  const n = Number(value);
  if (!/^[0-9]{1,5}$/.test(value) || n > 65535) throw new UsageError(`--port must be 0..65535, got ${value}`);
  return n;
}

function day(value: string): string {
  try {
    checkDay(value);
  } catch {
    throw new UsageError(`--date must be a real day as YYYY-MM-DD, got ${value}`);
  }
  return value;
}

function reportText(r: PharmacyDayReport): string {
  const lines = [`${r.pharmacy} ${r.day} ${r.balanced ? 'balanced 平' : 'NOT balanced 不平'}`];
  for (const g of r.groups) {
    lines.push(`  3201 ${g.insutype}/${g.clrType}/${g.setlOptins}  total ${fenToYuan(g.backoffice.totalFen)}  fund ${fenToYuan(g.backoffice.fundPayFen)}  acct ${fenToYuan(g.backoffice.acctPayFen)}  count ${g.backoffice.count}  ${g.balanced ? 'balanced' : `NOT balanced${g.description ? ` (${g.description})` : ''}`}`);
  }
  const o = r.overall;
  lines.push(`  all types  back office ${fenToYuan(o.backoffice.totalFen)} / ${o.backoffice.count}${o.gateway ? `  gateway ${fenToYuan(o.gateway.totalFen)} / ${o.gateway.count}` : ''}  ${o.balanced ? 'balanced' : 'NOT balanced'}`);
  if (r.detail) {
    lines.push(`  3202 detail: ${r.detail.sent} rows sent, ${r.detail.differing} differ`);
    for (const g of r.detail.groups) lines.push(`    clr_type ${g.clrType} setl_optins ${g.setlOptins}: ${g.sent} rows (9101 ${g.uploadedFileQuryNo}), ${g.differing} differ (9102 ${g.resultFileQuryNo})`);
  }
  for (const e of r.explanations) lines.push(`  - ${e.en} / ${e.zh}`);
  return lines.join('\n');
}

export function registerBackoffice(program: Command): void {
  const bo = program.command('backoffice').description("The chain's back office: tills push to it, it reconciles each pharmacy's day and serves the report page");
  bo.command('serve')
    .description('Run the back office over DIR (tills and gateway from gateway init); prints "backoffice ready <URL>"; stops on SIGINT/SIGTERM')
    .requiredOption('--dir <DIR>', 'environment made by gateway init (tills, public keys, gateway URL)')
    .option('--port <n>', 'port (0 = any free one)', port, 0)
    .option('--host <host>', 'address to listen on (beyond loopback only with --token)', '127.0.0.1')
    .option('--db <URL>', 'PostgreSQL URL (default: embedded PGlite, data in DIR/backoffice-db)')
    .option('--token <T>', 'access token for the page and API (also YIBAO_BACKOFFICE_TOKEN)')
    .option('--gateway <URL>', 'gateway URL for reconciliation (default: the one in DIR)')
    .action(async (opts: { dir: string; port: number; host: string; db?: string; token?: string; gateway?: string }) => {
      const token = opts.token ?? process.env.YIBAO_BACKOFFICE_TOKEN;
      const b = await startBackoffice({
        dir: opts.dir,
        port: opts.port,
        host: opts.host,
        ...(opts.db ? { db: opts.db } : {}),
        ...(token ? { token } : {}),
        ...(opts.gateway ? { gatewayUrl: opts.gateway } : {}),
      });
      process.stdout.write(`backoffice ready ${b.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void b.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write('stopped\n');
    });
  bo.command('reconcile')
    .description("Reconcile a day of every pharmacy (or one) through the back office: 3201 per group, with --detail 3202; exit 0 when all balanced, 1 otherwise")
    .requiredOption('--url <URL>', 'the back office URL')
    .requiredOption('--date <YYYY-MM-DD>', 'settlement day (China time)', day)
    .option('--pharmacy <CODE>', 'one pharmacy only')
    .option('--detail', 'also 3202 detail reconciliation (9101 upload, 3202, 9102 result)')
    .option('--token <T>', 'access token (also YIBAO_BACKOFFICE_TOKEN)')
    .option('--json', 'print JSON')
    .action(async (opts: { url: string; date: string; pharmacy?: string; detail?: boolean; token?: string; json?: boolean }) => {
      const q = new URLSearchParams({ date: opts.date, ...(opts.pharmacy ? { pharmacy: opts.pharmacy } : {}), ...(opts.detail ? { detail: '1' } : {}) });
      const token = opts.token ?? process.env.YIBAO_BACKOFFICE_TOKEN;
      const r = await fetch(new URL(`/api/reconcile?${q.toString()}`, opts.url), { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
      const body = (await r.json()) as { ok: boolean; balanced?: boolean; pharmacies?: PharmacyDayReport[]; code?: string };
      if (!body.ok) throw new UsageError(`back office refused: ${body.code ?? r.status}`);
      if (opts.json) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      else process.stdout.write(`${body.pharmacies!.map(reportText).join('\n')}\n`);
      process.exitCode = body.balanced ? EXIT_OK : EXIT_REFUSED;
    });
}

/** `journal push`, added to the journal command. */
export function registerJournalPush(program: Command): void {
  const journal = program.commands.find((c) => c.name() === 'journal');
  if (!journal) return;
  journal
    .command('push')
    .description("Push this till's final entries to the back office now; exit 1 while any stays unpushed")
    .requiredOption('--dir <DIR>', 'environment with the terminal settings (gateway init)')
    .option('--till <K>', 'which till (default 1)', tillNumber, 1)
    .requiredOption('--backoffice <URL>', 'the back office URL')
    .option('--json', 'print JSON')
    .action(async (opts: { dir: string; till: number; backoffice: string; json?: boolean }) => {
      const config = await loadTerminalConfig(opts.dir, { till: opts.till, url: 'http://127.0.0.1:0' });
      const key = config.gateway.terminalKey;
      if (!key) throw new UsageError('the till has no terminal key to sign its pushes');
      // The journal's own outbox pushes (its lock: a checkout running on this till pushes by itself).
      const journal = await SettlementJournal.open(config.journal, {
        till: opts.till,
        backoffice: { url: opts.backoffice, pharmacy: config.gateway.fixmedinsCode, till: opts.till, key },
      });
      let r;
      try {
        r = (await journal.pushToBackoffice())!;
      } finally {
        await journal.close();
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else process.stdout.write(`pushed ${r.pushed}, already there ${r.duplicates}, unpushed ${r.remaining}${r.error ? `, error ${r.error}` : ''}\n`);
      process.exitCode = r.remaining === 0 && r.error === undefined ? EXIT_OK : EXIT_REFUSED;
    });
}
