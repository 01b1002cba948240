/**
 * `yibao-pos demo`: the end-to-end demo (see ../demo/run-demo.ts).
 *
 * @module
 */
import type { Command } from 'commander';
import { runDemo } from '../demo/run-demo.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('a whole sale on a temporary simulator: scan, verify, PIN, settle, receipt (no hardware needed)')
    .option('--no-interactive', 'type the test PIN automatically even on a terminal')
    .action(async (opts: { interactive: boolean }) => {
      process.exitCode = await runDemo({
        out: (s) => process.stdout.write(s),
        interactive: opts.interactive && Boolean(process.stdin.isTTY),
      });
    });
}
