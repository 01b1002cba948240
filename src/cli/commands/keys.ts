/**
 * `yibao-pos keys gen`: an ES256 or EdDSA signing key pair as JWK files.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { generateSigningKey } from '../../sim/index.js';
import { writeJsonFile } from '../args.js';
import { UsageError } from '../exit.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('signing keys for issuers and trust-list roots (test and simulator use)');
  keys
    .command('gen')
    .description('generate a signing key pair as JWK files (kid and alg included)')
    .requiredOption('--alg <alg>', 'ES256 or EdDSA')
    .requiredOption('--kid <id>', 'key id')
    .requiredOption('--private <file>', 'where to write the private JWK (mode 0600)')
    .requiredOption('--public <file>', 'where to write the public JWK')
    .option('--force', 'replace key files that already exist (every code signed by the old key stops verifying)')
    .action(async (o: { alg: string; kid: string; private: string; public: string; force?: boolean }) => {
      if (o.alg !== 'ES256' && o.alg !== 'EdDSA') throw new UsageError(`--alg: expected ES256 or EdDSA, got "${o.alg}"`);
      if (o.kid.trim() === '') throw new UsageError('--kid: must not be empty');
      // A replaced root or issuer key silently breaks every trust list and voucher it signed.
      const existing = [o.private, o.public].filter((f) => existsSync(f));
      if (existing.length > 0 && !o.force) throw new UsageError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}: keep the key, or pass --force to replace it`);
      const pair = await generateSigningKey(o.alg, o.kid);
      await writeJsonFile(o.private, pair.privateJwk, 0o600);
      await writeJsonFile(o.public, pair.publicJwk);
    });
}
