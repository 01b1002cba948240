/**
 * `yibao-pos issue`: draws a voucher code like a wallet app; prints the QR
 * text, draws the QR on a terminal, writes a PNG with --png.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { drawNationalCode, envPaths, issueVoucher, qrForTerminal, readEnvSettings, writeQrPng, type PersonCase } from '../../sim/index.js';
import { parseInteger, readJwkFile } from '../args.js';
import { UsageError } from '../exit.js';

interface IssueOptions {
  key?: string;
  dir?: string;
  iss?: string;
  sub: string;
  use: string;
  reg: string;
  chn: string;
  nm?: string;
  idm?: string;
  actSub?: string;
  ttl: string;
  now?: string;
  png?: string;
  format: string;
  gateway?: string;
}

export function registerIssue(program: Command): void {
  program
    .command('issue')
    .description('draw a voucher code (YBV1:…, or a national numeric code with --format national) as a wallet app does (test and simulator use)')
    .option('--key <file>', 'issuer private JWK (kid and alg)')
    .option('--dir <dir>', 'a simulator environment: its issuer key and issuer id')
    .option('--iss <id>', 'issuer id (default: env.json issuerId with --dir)')
    .requiredOption('--sub <id>', 'credential id (电子凭证号)')
    .option('--use <use>', 'pay or id', 'pay')
    .option('--reg <code>', 'insured region (6 digits)', '420100')
    .option('--chn <channel>', 'channel: nhsa-app, wechat, alipay, bank:<code>', 'nhsa-app')
    .option('--nm <name>', 'masked name, e.g. 张*三')
    .option('--idm <id>', 'masked id number')
    .option('--act-sub <id>', "guardian's credential id (family account)")
    .option('--ttl <seconds>', 'lifetime in seconds', '60')
    .option('--now <unix>', 'iat, default now')
    .option('--png <file>', 'also write the QR as a PNG image')
    .option('--format <jws|national>', 'jws: an offline YBV1: voucher; national: a numeric code the platform issues and decodes online', 'jws')
    .option('--gateway <URL>', 'with --format national: the simulator that issues the code (default: the url in DIR/env.json)')
    .action(async (o: IssueOptions) => {
      if (o.format !== 'jws' && o.format !== 'national') throw new UsageError(`--format: expected jws or national, got "${o.format}"`);
      if (o.format === 'national') {
        await issueNational(o);
        return;
      }
      if (o.use !== 'pay' && o.use !== 'id') throw new UsageError(`--use: expected pay or id, got "${o.use}"`);
      let key: JWK;
      let iss = o.iss;
      if (o.key) key = await readJwkFile(o.key, '--key');
      else if (o.dir) {
        key = await readJwkFile(envPaths(o.dir).key('issuer', 'private'), '--dir');
        iss ??= await readEnvSettings(o.dir).then((s) => s.issuerId, () => undefined);
        const person = await envPerson(o.dir, o.sub);
        // CLI-drawn codes carry the person's masked name, so the receipt names them.
        if (person?.name !== undefined) o.nm ??= person.name;
      } else throw new UsageError('give --key FILE or --dir DIR');
      if (!iss) throw new UsageError('--iss: required (or --dir with env.json)');
      if (typeof key.d !== 'string' || typeof key.kid !== 'string') throw new UsageError('--key: a private JWK with kid is needed');
      let text: string;
      try {
        text = await issueVoucher({
          key,
          iss,
          sub: o.sub,
          use: o.use,
          reg: o.reg,
          chn: o.chn,
          ttl: parseInteger(o.ttl, '--ttl'),
          ...(o.now !== undefined ? { iat: parseInteger(o.now, '--now') } : {}),
          ...(o.nm !== undefined ? { nm: o.nm } : {}),
          ...(o.idm !== undefined ? { idm: o.idm } : {}),
          ...(o.actSub !== undefined ? { actSub: o.actSub } : {}),
        });
      } catch (err) {
        if (err instanceof UsageError) throw err;
        throw new UsageError(`--key: cannot sign (${(err as Error).message})`);
      }
      await printCode(text);
      if (o.png) await writeQrPng(o.png, text);
    });
}

/**
 * The code's text always; on a terminal its QR drawing first, when the
 * optional `qrcode` package is there (an installed app may not have it).
 */
async function printCode(text: string): Promise<void> {
  if (process.stdout.isTTY) {
    const drawing = await qrForTerminal(text).catch((err: unknown) => {
      process.stderr.write(`yibao-pos: no QR drawing (${(err as Error).message.split('\n')[0]}); npm install qrcode draws it\n`);
      return '';
    });
    process.stdout.write(drawing);
  }
  process.stdout.write(`${text}\n`);
}

/**
 * The simulator person a `--sub` names in `--dir DIR`; an unknown one is a
 * usage error now, not a `VOUCHER_BAD_CLAIMS` after the code is drawn. A folder
 * without persons.json (keys made by hand) checks nothing.
 */
async function envPerson(dir: string, sub: string): Promise<PersonCase | undefined> {
  let persons: PersonCase[];
  try {
    persons = JSON.parse(await readFile(envPaths(dir).persons, 'utf8')) as PersonCase[];
  } catch {
    return undefined;
  }
  const person = persons.find((p) => p.sub === sub);
  if (!person) throw new UsageError(`--sub ${sub}: no such person in ${dir} (one of: ${persons.map((p) => p.sub).join(', ')})`);
  return person;
}

/** The simulator's admin token: YIBAO_SIM_ADMIN_TOKEN (what `gateway serve` printed), else DIR/admin-token. */
function adminAuth(dir: string | undefined): { adminToken: string } | { dir: string } | Record<string, never> {
  const token = process.env.YIBAO_SIM_ADMIN_TOKEN;
  if (token) return { adminToken: token };
  return dir ? { dir } : {};
}

/** `--format national`: the platform (simulator) issues a numeric code for the credential; it is printed like a voucher. */
async function issueNational(o: IssueOptions): Promise<void> {
  const url = o.gateway ?? (o.dir ? await readEnvSettings(o.dir).then((s) => s.url, () => undefined) : undefined);
  if (!url) throw new UsageError('--format national: give --gateway URL (or --dir DIR of a running `gateway serve`)');
  if (o.dir) await envPerson(o.dir, o.sub);
  let code: string;
  try {
    ({ code } = await drawNationalCode({ url, ...adminAuth(o.dir), sub: o.sub, ttlSec: parseInteger(o.ttl, '--ttl'), ...(o.actSub ? { actSub: o.actSub } : {}), chn: o.chn }));
  } catch (err) {
    throw new UsageError(`--format national: the platform did not issue a code (${(err as Error).message})`);
  }
  await printCode(code);
  if (o.png) await writeQrPng(o.png, code);
}
