/**
 * `yibao-pos devices`: what listScanners() finds, as a table or JSON. Where
 * HID or serial listing is unavailable, says what to install (stderr).
 *
 * @module
 */
import type { Command } from 'commander';
import { listScanners, type DiscoveredScanner } from '../../index.js';

const row = (d: DiscoveredScanner) => [d.transport, d.mode ?? '-', d.vidPid ?? '-', d.path, d.vendor ?? d.manufacturer ?? '-', d.product ?? ''].join('\t');

export function registerDevices(program: Command): void {
  program
    .command('devices')
    .description('list attached barcode scanners (USB HID and serial)')
    .option('--json', 'print {scanners, problems} as JSON')
    .action(async (opts: { json?: boolean }) => {
      const listing = await listScanners();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(listing)}\n`);
        return;
      }
      if (listing.scanners.length === 0) process.stdout.write('no scanners found\n');
      for (const d of listing.scanners) process.stdout.write(`${row(d)}\n`);
      for (const p of listing.problems) process.stderr.write(`yibao-pos: ${p.transport} listing unavailable: ${p.reason}${p.install ? ` (install: ${p.install})` : ''}\n`);
    });
}
