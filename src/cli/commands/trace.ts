/**
 * `yibao-pos trace list|push`: the terminal's traceability uploads (3505),
 * rows of the journal's outbox. `list` shows every upload and its state
 * (read-only, also while the terminal runs; an earlier version's trace.db
 * not moved in yet is listed too); `push` opens the journal (which settles
 * uploads still waiting on a sale that ended), sends every pending one now,
 * and exits 1 while any stays pending. `push` takes the journal's lock, so
 * it runs while the terminal is stopped.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { GatewayClient, loadGatewayOptions, readTraceUploads, SettlementJournal, type TraceUploadRow } from '../../index.js';
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

function checkFiles(p: { file: string; journal: string }): void {
  if (!existsSync(p.journal) && !existsSync(p.file)) throw new UsageError(`no trace outbox at ${p.journal}`);
}

export function registerTrace(program: Command): void {
  const trace = program.command('trace').description('Traceability code uploads (3505 商品销售): list, push');
  const common = (c: Command) =>
    c
      .requiredOption('--dir <DIR>', 'environment (yibao-pos gateway init); the uploads are in DIR/terminal/journal.db')
      .option('--journal <FILE>', 'settlement journal (default DIR/terminal/journal.db)')
      .option('--file <FILE>', 'trace outbox file of an earlier version, moved into the journal (default DIR/terminal/trace.db)')
      .option('--json', 'print JSON');
  common(trace.command('list').description('List the uploads and their states')).action(async (o: TraceOpts) => {
    const p = paths(o);
    checkFiles(p);
    const rows = await readTraceUploads(p.journal, p.file);
    process.stdout.write(o.json ? `${JSON.stringify(rows.map(view), null, 2)}\n` : `${table(rows)}\n`);
  });
  common(trace.command('push').description('Send every pending upload now; exit 1 while any stays pending'))
    .option('--gateway <URL>', 'gateway base URL (default: the url in DIR/terminal.json)')
    .action(async (o: TraceOpts) => {
      const p = paths(o);
      checkFiles(p);
      // Opening the journal moves an old trace.db in and settles uploads waiting on a sale that ended.
      const journal = await SettlementJournal.open(p.journal, { legacyTraceFile: p.file });
      try {
        const gateway = new GatewayClient({ ...(await loadGatewayOptions(o.dir, o.gateway ? { url: o.gateway } : {})), sequence: journal.sequence() });
        try {
          const report = await journal.runOutbox(gateway, { kind: 'trace', all: true });
          if (o.json) process.stdout.write(`${JSON.stringify({ ...report, uploads: journal.traceUploads().map(view) }, null, 2)}\n`);
          else process.stdout.write(`acknowledged ${report.acknowledged}, refused ${report.refused}, pending ${report.pending}\n`);
          process.exitCode = report.pending === 0 ? EXIT_OK : EXIT_REFUSED;
        } finally {
          await gateway.close();
        }
      } finally {
        await journal.close();
      }
    });
}
