/**
 * `yibao-pos verify`: verifies one voucher code offline. Exit 0 accepted,
 * 1 refused, 2 usage or configuration error (including an unusable trust list).
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_SKEW_SEC, SqliteReplayGuard, trustFilesOf, verifyTrustList, verifyVoucher, VoucherError, type ReplayGuard, type TrustList } from '../../index.js';
import { parseInteger, readJwkFile, readStdin, readTextFile } from '../args.js';
import { EXIT_REFUSED, EXIT_USAGE, UsageError } from '../exit.js';

interface VerifyCliOptions {
  trust?: string;
  root?: string;
  dir?: string;
  state?: string;
  now?: string;
  skew: string;
  use: string;
  json?: boolean;
}

function printRefusal(err: InstanceType<typeof VoucherError>, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, code: err.code, message: err.messages })}\n`);
  process.stderr.write(`yibao-pos: ${err.code}: ${err.messages.zh} / ${err.messages.en}\n`);
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify a voucher code offline (exit 0 accepted, 1 refused, 2 usage/configuration)')
    .argument('[qr]', 'the QR text, or - (default) to read it from stdin')
    .option('--trust <file>', 'signed trust list (default: DIR/trust.jws with --dir)')
    .option('--root <file>', 'pinned root public JWK (default: DIR/keys/root.public.jwk with --dir)')
    .option('--dir <dir>', "a terminal's folder (its terminal.json names the trust list and root key)")
    .option('--state <dir>', 'keep the replay guard here (a used code is refused next time)')
    .option('--now <unix>', 'the time to verify at, in Unix seconds')
    .option('--skew <seconds>', 'allowed clock skew', String(DEFAULT_SKEW_SEC))
    .option('--use <use>', 'operation: pay (settlement) or id', 'pay')
    .option('--json', 'print one JSON object on stdout')
    .action(async (qrArg: string | undefined, o: VerifyCliOptions) => {
      if (o.use !== 'pay' && o.use !== 'id') throw new UsageError(`--use: expected pay or id, got "${o.use}"`);
      const fromDir = o.dir ? await trustFilesOf(o.dir) : undefined;
      const trustFile = o.trust ?? fromDir?.trustList;
      const rootFile = o.root ?? fromDir?.rootKey;
      if (!trustFile || !rootFile) throw new UsageError('give --trust FILE and --root FILE, or --dir DIR');
      const skewSec = parseInteger(o.skew, '--skew');
      const nowMs = o.now !== undefined ? parseInteger(o.now, '--now') * 1000 : undefined;
      const clock = nowMs !== undefined ? () => nowMs : Date.now;
      const root = await readJwkFile(rootFile, '--root');
      const jws = await readTextFile(trustFile, '--trust');
      let trust: TrustList;
      try {
        trust = await verifyTrustList(jws, root, { clock });
      } catch (err) {
        if (!VoucherError.is(err)) throw err;
        printRefusal(err as InstanceType<typeof VoucherError>, o.json);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const qrText = (qrArg === undefined || qrArg === '-' ? await readStdin() : qrArg).replace(/\r?\n$/, '');
      let replayGuard: ReplayGuard | undefined;
      if (o.state) {
        await mkdir(o.state, { recursive: true, mode: 0o700 });
        replayGuard = await SqliteReplayGuard.open(join(o.state, 'replay.db'));
      }
      try {
        const v = await verifyVoucher(qrText, { trust, clock, skewSec, use: o.use, ...(replayGuard ? { replayGuard } : {}) });
        // Without --state nothing says whether a till already used this code: say so, never imply it is unused.
        const replayChecked = replayGuard !== undefined;
        if (o.json) process.stdout.write(`${JSON.stringify({ ok: true, claims: v.claims, kid: v.kid, alg: v.alg, replayChecked })}\n`);
        else {
          process.stdout.write(`accepted ${v.claims.use} ${v.claims.sub} (${v.claims.iss}/${v.kid}, ${v.claims.chn}, reg ${v.claims.reg}${v.claims.nm ? `, ${v.claims.nm}` : ''})\n`);
          if (!replayChecked) process.stderr.write('  未检查是否已使用 / not checked against used codes (a till\'s journal keeps those; --state DIR keeps a guard here)\n');
        }
      } catch (err) {
        if (!VoucherError.is(err)) throw err;
        printRefusal(err as InstanceType<typeof VoucherError>, o.json);
        process.exitCode = EXIT_REFUSED;
      } finally {
        await replayGuard?.close?.();
      }
    });
}
