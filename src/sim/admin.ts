/**
 * The loopback-only admin and wallet-side routes: faults, bookings,
 * accounts, PIN reset, and the account movement notices.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { addFamilyMember, bindMember, unbindMember } from './family.js';
import type { FaultTable } from './faults.js';
import { bookingAmounts, type Ledger } from './ledger/ledger.js';
import { SimRefusal } from './refusal.js';
import { cstDateTime } from './rules/day.js';
import { fenToYuan } from '../gateway/money.js';

/** The admin API answers loopback peers only (127.0.0.0/8, ::1, and their IPv4-mapped forms). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * The Host values the admin side accepts: the bound address as a browser or
 * fetch sends it, and the loopback names when bound to loopback or to every
 * interface (the peer must be loopback anyway). Any other name (a rebinding
 * attacker's) is refused.
 */
export function adminHosts(boundHost: string, port: number): Set<string> {
  const hosts = new Set([`${boundHost.toLowerCase()}:${port}`]);
  const bare = boundHost.replace(/^\[|\]$/g, '');
  if (bare === '0.0.0.0' || bare === '::' || isLoopbackAddress(bare)) for (const h of ['127.0.0.1', 'localhost', '[::1]']) hosts.add(`${h}:${port}`);
  return hosts;
}

/** `Authorization: Bearer <token>` with the right token, compared in constant time. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!m) return false;
  const got = Buffer.from(m[1]!);
  const want = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}

export interface AdminReply {
  status: number;
  body: unknown;
}

export function adminRoute(
  ledger: Ledger,
  faults: FaultTable,
  method: string,
  path: string,
  body: unknown,
  now: number,
): AdminReply | undefined {
  const key = `${method} ${path}`;
  try {
    switch (key) {
      case 'POST /admin/faults':
        return { status: 200, body: faults.set(body) };
      case 'GET /admin/faults':
        return { status: 200, body: faults.list() };
      case 'DELETE /admin/faults':
        faults.clear();
        return { status: 200, body: {} };
      case 'GET /admin/bookings':
        return {
          status: 200,
          body: ledger.bookings().map((b) => ({
            msgid: b.msgid,
            infno: b.infno,
            psn_no: b.psn_no,
            payer_psn_no: b.payer_psn_no,
            setl_id: b.setl_id,
            mdtrt_id: b.mdtrt_id,
            orig_msgid: b.orig_msgid,
            state: b.state,
            ...bookingAmounts(b),
            day: b.day,
          })),
        };
      case 'GET /admin/accounts':
        return { status: 200, body: ledger.accounts().map((a) => ({ psn_no: a.psn_no, balanceFen: a.balance_fen })) };
      case 'POST /admin/pin-reset': {
        const psnNo = (body as { psn_no?: unknown } | null)?.psn_no;
        if (typeof psnNo !== 'string') throw new SimRefusal('BAD_REQUEST', { detail: 'psn_no' });
        const n = ledger.atomic(() => {
          const subs = ledger.subsOf(psnNo);
          for (const sub of subs) ledger.setPinState(sub, 0, false);
          return subs.length;
        });
        return n === 0 ? { status: 404, body: { error: 'unknown psn_no' } } : { status: 200, body: { psn_no: psnNo, reset: n } };
      }
      case 'POST /admin/bindings':
        return ledger.atomic(() => bindMember(ledger, field(body, 'owner_psn_no'), field(body, 'member_psn_no'), now));
      case 'DELETE /admin/bindings':
        return ledger.atomic(() => unbindMember(ledger, field(body, 'owner_psn_no'), field(body, 'member_psn_no'), now));
      case 'POST /admin/family':
        return ledger.atomic(() => addFamilyMember(ledger, field(body, 'owner_sub'), field(body, 'member_sub'), now));
      default:
        return undefined;
    }
  } catch (err) {
    if (err instanceof SimRefusal) return { status: 400, body: { error: err.errMsg, err_code: err.errCode } };
    throw err;
  }
}

function field(body: unknown, key: string): string {
  const v = (body as Record<string, unknown> | null)?.[key];
  if (typeof v !== 'string' || v === '') throw new SimRefusal('BAD_REQUEST', { detail: key });
  return v;
}

/** `GET /notices?psn_no=…`, newest first. */
export function noticesRoute(ledger: Ledger, psnNo: string | null): AdminReply {
  if (!psnNo) return { status: 400, body: { error: 'psn_no required' } };
  return {
    status: 200,
    body: ledger.notices(psnNo).map((n) => ({
      time: cstDateTime(n.at),
      pharmacy: n.pharmacy,
      amount: fenToYuan(n.amount_fen),
      amountFen: n.amount_fen,
      kind: n.kind,
      balance: fenToYuan(n.balance_fen),
      balanceFen: n.balance_fen,
    })),
  };
}
