/**
 * The `yibao-pos` command: a thin commander layer over the public API. Each
 * area registers its commands from `./commands/<area>.ts`.
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import { YibaoError } from '../index.js';
import { EXIT_USAGE, reportError } from './exit.js';
import { refuseUnknownOptions } from './unknown-options.js';
import { registerCheckout } from './commands/checkout.js';
import { registerDemo } from './commands/demo.js';
import { registerGateway } from './commands/gateway.js';
import { registerDevices } from './commands/devices.js';
import { registerListen } from './commands/listen.js';
import { registerDecode } from './commands/decode.js';
import { registerKeys } from './commands/keys.js';
import { registerTrust } from './commands/trust.js';
import { registerIssue } from './commands/issue.js';
import { registerVerify } from './commands/verify.js';
import { registerJournal } from './commands/journal.js';
import { registerCatalog } from './commands/catalog.js';
import { registerTrace } from './commands/trace.js';
import { registerBackoffice, registerJournalPush } from './commands/backoffice.js';

export function buildProgram(): Command {
  const program = new Command('yibao-pos')
    .description('Medical-insurance voucher (医保电子凭证) checkout for pharmacy terminals')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride();
  // Area commands are registered below, one line each.
  registerJournal(program);
  registerCatalog(program);
  registerJournalPush(program);
  registerBackoffice(program);
  registerTrace(program);
  registerKeys(program);
  registerTrust(program);
  registerIssue(program);
  registerVerify(program);
  registerGateway(program);
  registerDevices(program);
  registerListen(program);
  registerDecode(program);
  registerCheckout(program);
  registerDemo(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  // Subcommands inherit exitOverride only when set before they are added.
  const walk = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(walk);
  };
  walk(program);
  try {
    refuseUnknownOptions(program, argv.slice(2));
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version land here with exit code 0.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    // --json callers parse stdout: a typed failure is one JSON object there too (and the message on stderr).
    if (argv.includes('--json') && YibaoError.is(err)) {
      process.stdout.write(`${JSON.stringify({ ok: false, code: err.code, message: err.messages, ...(Object.keys(err.details).length ? { details: err.details } : {}) })}\n`);
    }
    process.exitCode = reportError(err, (s) => process.stderr.write(s));
  }
}
