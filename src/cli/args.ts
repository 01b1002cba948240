/**
 * Small argument helpers shared by the voucher commands: durations,
 * integers, repeatable options and JWK files, each failing as a UsageError.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import { UsageError } from './exit.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90`, `45s`, `15m`, `12h`, `30d` → seconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) throw new UsageError(`${what}: expected seconds or a duration like 30d, 12h, 15m, 45s, got "${text}"`);
  return Number(m[1]) * UNITS[m[2] || 's']!;
}

/** A non-negative integer option. */
export function parseInteger(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${what}: expected a non-negative integer, got "${text}"`);
  return Number(text);
}


/** Reads a JWK file; a missing or malformed file is a usage error. */
export async function readJwkFile(file: string, what: string): Promise<JWK> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${what}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new UsageError(`${what}: ${file} is not JSON`);
  }
  if (typeof jwk !== 'object' || jwk === null || typeof (jwk as JWK).kty !== 'string') throw new UsageError(`${what}: ${file} is not a JWK`);
  return jwk as JWK;
}

/** Reads a text file; missing is a usage error. */
export async function readTextFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${what}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Writes a JSON file (private keys readable by the owner only). */
export async function writeJsonFile(file: string, value: unknown, mode = 0o644): Promise<void> {
  try {
    await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode });
  } catch (err) {
    throw new UsageError(`cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Reads all of stdin as text. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `--till K`: 1-based. */
export function tillNumber(value: string): number {
  const n = Number(value);
  if (!/^[0-9]{1,3}$/.test(value) || n < 1) throw new UsageError(`--till must be a till number (1, 2, …), got ${value}`);
  return n;
}
