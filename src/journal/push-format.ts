/**
 * What a till pushes to its chain's back office (the contract between the
 * till's push outbox and `backoffice serve`): the entries that reached a
 * final state with their settlement, its 3505/3506 uploads, and its own
 * status (reversals still pending, uploads and entries not yet pushed).
 * The body is JSON, signed with the till's key (`X-Yb-Signature`, as the
 * gateway messages), and carries a fresh nonce and send time so a copy
 * replayed later is refused; a retry is a new body with a new nonce, and
 * the back office is idempotent on (pharmacy, till, msgid).
 *
 * Pure: parsing checks shape and bounds only; the back office checks who sent it.
 *
 * @module
 */

/** Version of the push body. */
export const PUSH_VERSION = 1;
/** The path a till posts to. */
export const PUSH_PATH = '/api/push';
/** At most this many entries and uploads in one push (a till catching up sends several). */
export const PUSH_MAX_ITEMS = 500;

/** A money entry in its final state. */
export interface PushEntry {
  msgid: string;
  infno: '2102' | '2103';
  /** booked (paid / cancel kept), refused, reversed (not paid / cancel undone). */
  state: 'booked' | 'refused' | 'reversed';
  psnNo: string;
  insutype: string;
  clrType: string;
  /** Clearing agency (`setl_optins`). */
  setlOptins: string;
  amountFen: number;
  totalFen: number;
  fundPayFen: number;
  acctPayFen: number;
  cashFen: number;
  setlId: string | null;
  mdtrtId: string | null;
  /** 2103: the settlement it cancels. */
  cancelsSetlId: string | null;
  bookedAt: number | null;
  createdAt: number;
}

/** A 3505/3506 upload that reached its end (sent, or refused for good). */
export interface PushUpload {
  msgid: string;
  infno: '3505' | '3506';
  state: 'sent' | 'refused';
  saleMsgid: string | null;
  lines: number;
}

/** The till's own view of what is not settled or not yet pushed. */
export interface PushStatus {
  pendingReversals: Array<{ msgid: string; infno: string; amountFen: number }>;
  pendingUploads: number;
  /** Entries still waiting to be pushed after this one (0 when caught up). */
  unpushed: number;
}

export interface PushBody {
  v: typeof PUSH_VERSION;
  pharmacy: string;
  till: number;
  nonce: string;
  sentAt: number;
  entries: PushEntry[];
  uploads: PushUpload[];
  status: PushStatus;
}

/** What the back office answers: how many rows were new, how many it already had. */
export interface PushAnswer {
  accepted: number;
  duplicates: number;
}

type Check = (v: unknown) => boolean;
const str = (max: number): Check => (v) => typeof v === 'string' && v.length > 0 && v.length <= max;
const optStr = (max: number): Check => (v) => v === null || str(max)(v);
const int: Check = (v) => Number.isSafeInteger(v);
const fen: Check = (v) => Number.isSafeInteger(v) && Math.abs(v as number) <= 1e12;
const optInt: Check = (v) => v === null || int(v);
const oneOf = (...xs: string[]): Check => (v) => typeof v === 'string' && xs.includes(v);

const ENTRY: Record<keyof PushEntry, Check> = {
  msgid: str(40),
  infno: oneOf('2102', '2103'),
  state: oneOf('booked', 'refused', 'reversed'),
  psnNo: str(40),
  insutype: str(6),
  clrType: str(6),
  setlOptins: str(6),
  amountFen: fen,
  totalFen: fen,
  fundPayFen: fen,
  acctPayFen: fen,
  cashFen: fen,
  setlId: optStr(40),
  mdtrtId: optStr(40),
  cancelsSetlId: optStr(40),
  bookedAt: optInt,
  createdAt: int,
};
const UPLOAD: Record<keyof PushUpload, Check> = {
  msgid: str(40),
  infno: oneOf('3505', '3506'),
  state: oneOf('sent', 'refused'),
  saleMsgid: optStr(40),
  lines: int,
};

function shaped<T>(v: unknown, fields: Record<keyof T, Check>): v is T {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (Object.keys(fields) as Array<keyof T & string>).every((k) => fields[k](o[k]));
}

/** The field that is wrong, or undefined when `value` is a well-formed push body. */
export function pushBodyProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return '(root)';
  const b = value as Record<string, unknown>;
  if (b.v !== PUSH_VERSION) return 'v';
  if (!str(30)(b.pharmacy)) return 'pharmacy';
  if (!int(b.till) || (b.till as number) < 1) return 'till';
  if (!str(64)(b.nonce)) return 'nonce';
  if (!int(b.sentAt)) return 'sentAt';
  if (!Array.isArray(b.entries) || !Array.isArray(b.uploads)) return 'entries/uploads';
  if (b.entries.length + b.uploads.length > PUSH_MAX_ITEMS) return 'too many items';
  const badEntry = b.entries.findIndex((e) => !shaped<PushEntry>(e, ENTRY));
  if (badEntry >= 0) return `entries[${badEntry}]`;
  const badUpload = b.uploads.findIndex((u) => !shaped<PushUpload>(u, UPLOAD));
  if (badUpload >= 0) return `uploads[${badUpload}]`;
  const s = b.status as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null || !Array.isArray(s.pendingReversals) || !int(s.pendingUploads) || !int(s.unpushed)) return 'status';
  if (s.pendingReversals.length > PUSH_MAX_ITEMS || !s.pendingReversals.every((p) => shaped(p, { msgid: str(40), infno: str(4), amountFen: fen }))) return 'status.pendingReversals';
  return undefined;
}

/**
 * The local day of a msgid: the pharmacy code, then `yyyyMMddHHmmss`, then 4
 * digits (the national msgid). Undefined when the text is not one.
 */
export function msgidDay(msgid: string, pharmacy: string): string | undefined {
  if (!msgid.startsWith(pharmacy)) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})\d{6}\d{4}$/.exec(msgid.slice(pharmacy.length));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}
