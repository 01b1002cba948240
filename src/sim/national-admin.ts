/**
 * Loopback-only admin routes of the platform's online parts: the wallet side
 * draws a national voucher code (`POST /admin/ec-codes`, what `yibao-pos
 * issue --format national` calls), and tests read the sold traceability
 * codes (`GET /admin/traces`).
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import type { AdminReply } from './admin.js';
import type { Ledger } from './ledger/ledger.js';
import { addEcCode, traceSales } from './ledger/national-tables.js';

/** Longest a national code lives, seconds (the wallet refreshes it long before). */
const MAX_TTL_SEC = 600;

const digits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join('');
const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function nationalAdminRoute(ledger: Ledger, method: string, path: string, body: unknown, now: number): AdminReply | undefined {
  const key = `${method} ${path}`;
  if (key === 'GET /admin/traces') return { status: 200, body: traceSales(ledger).map((t) => ({ ...t, uploaded: t.uploaded === 1 })) };
  if (key !== 'POST /admin/ec-codes') return undefined;
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const sub = b.sub;
  if (typeof sub !== 'string' || sub === '') return { status: 400, body: { error: 'sub required' } };
  const ttl = b.ttl ?? 60;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0 || ttl > MAX_TTL_SEC) return { status: 400, body: { error: `ttl: 1..${MAX_TTL_SEC} seconds` } };
  const actSub = b.act_sub;
  if (actSub !== undefined && (typeof actSub !== 'string' || actSub === '')) return { status: 400, body: { error: 'act_sub' } };
  const chn = typeof b.chn === 'string' && b.chn !== '' ? b.chn : 'nhsa-app';
  const credential = ledger.credential(sub);
  const person = credential ? ledger.person(credential.psn_no) : undefined;
  if (!person) return { status: 404, body: { error: 'unknown sub' } };
  // 28 digits ending in the insured region, as the national wallets show them.
  const code = `${digits(22)}${person.reg}`;
  const token = `${person.reg}ec${Array.from({ length: 26 }, () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]).join('')}`;
  const expiresAt = now + ttl * 1000;
  ledger.atomic(() => addEcCode(ledger, { code, token, sub, act_sub: (actSub as string | undefined) ?? null, chn, issued_at: now, expires_at: expiresAt }));
  return { status: 200, body: { code, expiresAt } };
}
