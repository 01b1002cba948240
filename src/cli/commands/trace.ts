/**
 * `yibao-pos trace list|push`: the terminal's traceability upload outbox
 * (3505). `list` shows every upload and its state; `push` settles uploads
 * still waiting on their sale's outcome (from the journal), sends every
 * pending one now, and exits 1 while any stays pending. `push` takes the
 * journal's lock, so it runs while the terminal is stopped.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { GatewayClient, loadGatewayOptions, saleOutcome, SettlementJournal, TraceOutbox, type TraceUploadRow } from '../../index.js';
import { EXIT_OK, EXIT_REFUSED, UsageError } from '../exit.js';

interface TraceOpts {
  dir: string;
  file?: string;
  journal?: string;
  gateway?: string;
  json?: boolean;
}

const paths = (o: TraceOpts) => ({
  file: o.file ?? join(o.dir, 'terminal', 'trace.db'),
  journal: o.journal ?? join(o.dir, 'terminal', 'journal.db'),
});

const view = (r: TraceUploadRow) => ({
  msgid: r.msgid,
  saleMsgid: r.saleMsgid,
  setlId: r.upload.setlId,
  line: r.upload.line,
  code: r.upload.item.code,
  traceCodes: r.upload.traceCodes,
  state: r.state,
  attempts: r.attempts,
  lastError: r.lastError,
});

function table(rows: TraceUploadRow[]): string {
  const lines = [['msgid', 'sale', 'line', 'codes', 'state', 'attempts', 'last error'], ...rows.map((r) => [r.msgid, r.saleMsgid, String(r.upload.line), String(r.upload.traceCodes.length), r.state, String(r.attempts), r.lastError ?? '-'])];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function openOutbox(file: string): Promise<TraceOutbox> {
  if (!existsSync(file)) throw new UsageError(`no trace outbox at ${file}`);
  return TraceOutbox.open(file);
}

export function registerTrace(program: Command): void {
  const trace = program.command('trace').description('Traceability code uploads (3505 商品销售): list, push');
  const common = (c: Command) =>
    c
      .requiredOption('--dir <DIR>', 'environment (yibao-pos gateway init); the outbox is DIR/terminal/trace.db')
      .option('--file <FILE>', 'trace outbox file (default DIR/terminal/trace.db)')
      .option('--json', 'print JSON');
  common(trace.command('list').description('List the uploads and their states')).action(async (o: TraceOpts) => {
    const outbox = await openOutbox(paths(o).file);
    try {
      const rows = outbox.list();
      process.stdout.write(o.json ? `${JSON.stringify(rows.map(view), null, 2)}\n` : `${table(rows)}\n`);
    } finally {
      await outbox.close();
    }
  });
  common(trace.command('push').description('Send every pending upload now; exit 1 while any stays pending'))
    .option('--journal <FILE>', 'settlement journal (default DIR/terminal/journal.db)')
    .option('--gateway <URL>', 'gateway base URL (default: the url in DIR/terminal.json)')
    .action(async (o: TraceOpts) => {
      const p = paths(o);
      const outbox = await openOutbox(p.file);
      try {
        const journal = await SettlementJournal.open(p.journal);
        try {
          outbox.resolveWaiting((saleMsgid) => saleOutcome(journal.get(saleMsgid)));
          const gateway = new GatewayClient({ ...(await loadGatewayOptions(o.dir, o.gateway ? { url: o.gateway } : {})), sequence: journal.sequence() });
          try {
            const report = await outbox.runDue(gateway, { all: true });
            if (o.json) process.stdout.write(`${JSON.stringify({ ...report, uploads: outbox.list().map(view) }, null, 2)}\n`);
            else process.stdout.write(`acknowledged ${report.acknowledged}, refused ${report.refused}, pending ${report.pending}\n`);
            process.exitCode = report.pending === 0 ? EXIT_OK : EXIT_REFUSED;
          } finally {
            await gateway.close();
          }
        } finally {
          await journal.close();
        }
      } finally {
        await outbox.close();
      }
    });
}
