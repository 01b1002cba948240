/**
 * `yibao-pos trust make`: a signed trust list from a root private key and
 * issuer public keys.
 *
 * @module
 */
import type { Command } from 'commander';
import type { JWK } from 'jose';
import type { TrustedKey } from '../../index.js';
import { makeTrustList } from '../../sim/index.js';
import { parseDuration, parseInteger, readJwkFile } from '../args.js';
import { UsageError } from '../exit.js';
import { writeFile } from 'node:fs/promises';

/** Values at or above this are absolute Unix times, below it durations from now. */
const ABSOLUTE_FROM = 1_000_000_000;

interface MakeOptions {
  rootKey: string;
  seq: string;
  exp: string;
  issuerKey?: string[];
  revoked?: string[];
  frozen?: string[];
  pinKey?: string;
  iss: string;
  now?: string;
  out: string;
}

export function registerTrust(program: Command): void {
  const trust = program.command('trust').description('trust lists: the signed list of issuer keys a terminal verifies vouchers against (docs/vouchers.md)');
  trust
    .command('make')
    .description('sign a trust list with the root key')
    .requiredOption('--root-key <file>', 'root private JWK')
    .requiredOption('--seq <n>', 'sequence number, strictly increasing')
    .requiredOption('--exp <time>', 'validity: seconds or 30d/12h/15m from now, or an absolute Unix time (>= 1000000000)')
    .option('--issuer-key <iss=file...>', 'issuer public JWKs and the issuer id each signs for (repeat the flag or list them)')
    .option('--revoked <kid...>', 'revoked key ids (repeat the flag or list them)')
    .option('--frozen <sub...>', 'frozen credential ids (repeat the flag or list them)')
    .option('--pin-key <file>', "the gateway's PIN public JWK")
    .option('--iss <id>', 'root id', 'nhsa-root')
    .option('--now <unix>', 'the time the list is made (iat), default now')
    .requiredOption('--out <file>', 'where to write the list')
    .action(async (o: MakeOptions) => {
      const root = await readJwkFile(o.rootKey, '--root-key');
      if (typeof root.d !== 'string') throw new UsageError('--root-key: a private JWK is needed');
      if (typeof root.kid !== 'string') throw new UsageError('--root-key: the JWK has no kid');
      const iat = o.now !== undefined ? parseInteger(o.now, '--now') : Math.floor(Date.now() / 1000);
      const expArg = parseDuration(o.exp, '--exp');
      const exp = expArg >= ABSOLUTE_FROM ? expArg : iat + expArg;
      const keys: TrustedKey[] = [];
      for (const spec of o.issuerKey ?? []) {
        const eq = spec.indexOf('=');
        if (eq <= 0) throw new UsageError(`--issuer-key: expected ISS=FILE, got "${spec}"`);
        const jwk = await readJwkFile(spec.slice(eq + 1), '--issuer-key');
        if (jwk.alg !== 'ES256' && jwk.alg !== 'EdDSA') throw new UsageError(`--issuer-key: ${spec.slice(eq + 1)} has no alg ES256 or EdDSA`);
        if (typeof jwk.kid !== 'string') throw new UsageError(`--issuer-key: ${spec.slice(eq + 1)} has no kid`);
        keys.push({ ...(jwk as TrustedKey), iss: spec.slice(0, eq) });
      }
      let pinKey: JWK | undefined;
      if (o.pinKey) pinKey = await readJwkFile(o.pinKey, '--pin-key');
      let jws: string;
      try {
        jws = await makeTrustList({ rootKey: root, iss: o.iss, seq: parseInteger(o.seq, '--seq'), iat, exp, keys, revoked: o.revoked ?? [], frozen: o.frozen ?? [], ...(pinKey ? { pinKey } : {}) });
      } catch (err) {
        if (err instanceof UsageError) throw err;
        throw new UsageError(`--root-key: cannot sign (${(err as Error).message})`);
      }
      await writeFile(o.out, `${jws}\n`);
    });
}
