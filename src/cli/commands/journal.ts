/**
 * `yibao-pos journal list|recover|reconcile`: what a technician needs to see
 * and finish a terminal's settlement journal. `list` reads the file without
 * its lock (the terminal may be running); `recover` and `reconcile` take the
 * lock and talk to the gateway with the terminal's key (from `--dir`).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import {
  checkDay,
  CHINA_UTC_OFFSET_MIN,
  ENTRY_STATES,
  fenToYuan,
  formatLocalTime,
  GatewayClient,
  loadGatewayOptions,
  loadTerminalConfig,
  readJournalEntries,
  readJournalRange,
  reconcileDayByGroup,
  SettlementJournal,
  type EntryState,
  type JournalEntry,
} from '../../index.js';
import { tillNumber } from '../args.js';
import { EXIT_OK, EXIT_REFUSED, UsageError } from '../exit.js';

interface GatewayOpts {
  journal: string;
  gateway?: string;
  dir?: string;
  till: number;
  json?: boolean;
}

function journalFile(file: string): string {
  if (!existsSync(file)) throw new UsageError(`no journal at ${file}`);
  return file;
}

function state(value: string): EntryState {
  if (!(ENTRY_STATES as readonly string[]).includes(value)) throw new UsageError(`--state must be one of ${ENTRY_STATES.join(', ')}, got ${value}`);
  return value as EntryState;
}

/** China time, as receipts print it, with its offset so nobody reads it as UTC. */
const time = (ms: number | null): string => (ms === null ? '-' : formatLocalTime(ms));

export function entriesTable(entries: JournalEntry[]): string {
  const rows = [
    ['msgid', 'infno', 'state', 'psn_no', 'amount(yuan)', 'attempts', 'omsgid', 'updated'],
    ...entries.map((e) => [e.msgid, e.infno, e.state, e.psnNo, fenToYuan(e.amountFen), String(e.attempts), e.omsgid ?? '-', time(e.updatedAt)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function withGateway<T>(opts: GatewayOpts, run: (journal: SettlementJournal, gateway: GatewayClient) => Promise<T>): Promise<T> {
  if (!opts.dir) throw new UsageError('--dir DIR is required (the terminal key and pharmacy settings)');
  // The till's own block of the msgid sequence: a journal of another till is refused (JOURNAL_TILL_MISMATCH).
  const journal = await SettlementJournal.open(opts.journal, { till: opts.till });
  try {
    const options = await loadGatewayOptions(opts.dir, { ...(opts.gateway ? { url: opts.gateway } : {}), till: opts.till });
    const gateway = new GatewayClient({ ...options, sequence: journal.sequence() });
    try {
      return await run(journal, gateway);
    } finally {
      await gateway.close();
    }
  } finally {
    await journal.close();
  }
}

/** The journal among `files` that belongs to till K (by its msgid block), else the first. */
async function journalOfTill(files: string[], till: number): Promise<string> {
  for (const f of files) {
    if ((await readJournalRange(f))?.till === till) return f;
  }
  return files[0]!;
}

export function registerJournal(program: Command): void {
  const journal = program.command('journal').description('The durable settlement journal: list, recover, reconcile');
  journal
    .command('list')
    .description('List journal entries (read-only; works while the terminal runs)')
    .requiredOption('--journal <FILE>', 'journal file')
    .option('--state <S>', `only entries in this state (${ENTRY_STATES.join('|')})`, state)
    .option('--json', 'print JSON')
    .action(async (opts: { journal: string; state?: EntryState; json?: boolean }) => {
      const entries = await readJournalEntries(journalFile(opts.journal), opts.state ? { state: opts.state } : {});
      process.stdout.write(opts.json ? `${JSON.stringify(entries, null, 2)}\n` : `${entriesTable(entries)}\n`);
    });
  journal
    .command('recover')
    .description('Finish every unfinished entry (5203 query, 2601 reversal); exit 1 while reversals stay pending')
    .requiredOption('--journal <FILE>', 'journal file')
    .option('--dir <DIR>', 'environment with the terminal key and settings (yibao-pos gateway init)')
    .option('--till <K>', "the till whose journal it is: its key, dev_no and msgid block", tillNumber, 1)
    .option('--gateway <URL>', 'gateway base URL (default: the url in DIR/terminal.json)')
    .option('--json', 'print JSON')
    .action(async (opts: GatewayOpts) => {
      journalFile(opts.journal);
      const report = await withGateway(opts, (j, gw) => j.recover(gw));
      const { found, booked, reversed, pending } = report;
      if (opts.json) process.stdout.write(`${JSON.stringify({ found, booked, reversed, pending }, null, 2)}\n`);
      else {
        process.stdout.write(`unfinished ${report.found}, booked ${report.booked.length}, reversed ${report.reversed.length}, pending ${report.pending.length}\n`);
        for (const b of report.booked) process.stdout.write(`booked   ${b.msgid}  ${fenToYuan(b.amountFen)}\n`);
        for (const r of report.reversed) process.stdout.write(`reversed ${r.msgid}  ${fenToYuan(r.amountFen)}\n`);
        for (const p of report.pending) process.stdout.write(`pending  ${p.msgid}  ${fenToYuan(p.amountFen)}  attempts ${p.attempts}  last ${p.lastError ?? '-'}\n`);
      }
      process.exitCode = report.pending.length === 0 ? EXIT_OK : EXIT_REFUSED;
    });
  journal
    .command('reconcile')
    .description("Compare the pharmacy's booked totals of a day, over the journals of its tills, with the gateway's (3201); exit 1 when they differ")
    .requiredOption('--date <YYYY-MM-DD>', 'settlement day (China time)')
    .option('--journal <FILE>', "journal file; repeat for every till of the pharmacy (default: the till's own journal in DIR)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--dir <DIR>', 'environment with the terminal keys and settings')
    .option('--till <K>', 'the till that asks (its key, dev_no and msgid block)', tillNumber, 1)
    .option('--gateway <URL>', 'gateway base URL (default: the url in DIR/terminal.json)')
    .option('--refd-setl-flag <0|1>', 'refd_setl_flag: 1 (default) standing sales only; 0 cancels counted as negative settlements', (v: string) => {
      if (v !== '0' && v !== '1') throw new UsageError(`--refd-setl-flag must be 0 or 1, got ${v}`);
      return v;
    })
    .option('--json', 'print JSON')
    .action(async (opts: Omit<GatewayOpts, 'journal'> & { journal: string[]; date: string; refdSetlFlag?: '0' | '1' }) => {
      try {
        checkDay(opts.date);
      } catch {
        throw new UsageError(`--date must be a real day as YYYY-MM-DD, got ${opts.date}`);
      }
      // No --journal: the asking till's own journal, never a new file made in the current folder.
      if (opts.journal.length === 0) {
        if (!opts.dir) throw new UsageError('give --journal FILE (repeat for every till) or --dir DIR (the till\'s own journal)');
        opts.journal = [(await loadTerminalConfig(opts.dir, { till: opts.till })).journal];
      }
      const files = opts.journal.map(journalFile);
      if (new Set(files).size !== files.length) throw new UsageError('--journal: the same journal is named twice');
      const own = await journalOfTill(files, opts.till);
      const r = await withGateway({ ...opts, journal: own }, async (j, gw) => {
        const others = await Promise.all(files.filter((f) => f !== own).map((f) => readJournalEntries(f)));
        // One 3201 per insurance type × clearing type × clearing region (the national shape).
        return reconcileDayByGroup(gw, [j.list(), ...others], opts.date, CHINA_UTC_OFFSET_MIN, opts.refdSetlFlag ? { refdSetlFlag: opts.refdSetlFlag } : {});
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else {
        const t = (x: { totalFen: number; acctPayFen: number; count: number }) => `total ${fenToYuan(x.totalFen)}  acct ${fenToYuan(x.acctPayFen)}  count ${x.count}`;
        process.stdout.write(`${r.day} ${r.balanced ? 'balanced' : 'NOT balanced'} (${files.length} journal${files.length > 1 ? 's' : ''})\njournal  ${t(r.journal)}\ngateway  ${t(r.gateway)}\n`);
        for (const d of r.differences) process.stdout.write(`differs  ${d.field}: journal ${d.journal}, gateway ${d.gateway} (delta ${d.delta})\n`);
        if (r.groups.length === 0) process.stdout.write('no settlements that day in the journals: no 3201 sent\n');
        for (const g of r.groups) {
          process.stdout.write(`group    insutype ${g.insutype} clr_type ${g.clrType} setl_optins ${g.setlOptins}: ${g.balanced ? 'balanced' : 'NOT balanced'}  fund ${fenToYuan(g.journal.fundPayFen)}  ${t(g.journal)}${g.description ? `  (${g.description})` : ''}\n`);
          for (const e of g.entries ?? []) process.stdout.write(`  counted ${e.infno} ${e.msgid}  setl_id ${e.setlId}  ${e.sign < 0 ? '-' : '+'}${fenToYuan(e.totalFen)}  fund ${fenToYuan(e.fundPayFen)}  acct ${fenToYuan(e.acctPayFen)}  ${new Date(e.bookedAt).toISOString()}\n`);
        }
        for (const u of r.unsettled) process.stdout.write(`unsettled ${u.msgid}  ${fenToYuan(u.amountFen)}  ${u.state}\n`);
      }
      process.exitCode = r.balanced ? EXIT_OK : EXIT_REFUSED;
    });
}
