/**
 * A till's pushes to its chain's back office, as a kind of the journal's
 * outbox (`backoffice`): one row per 2102/2103, written `waiting` with the
 * message's intent and due once it ends (booked, refused or reversed: the
 * back office hears every end), and one row per 3505/3506 upload once the
 * gateway acknowledged or refused it. The outbox's one worker sends the due
 * rows in batches (one signed request of up to 500 rows, with the till's
 * status), retried with the outbox's jittered backoff, after the sale and
 * never before its answer. The back office is idempotent on (pharmacy,
 * till, msgid), so a row sent twice (a crash between the answer and its
 * record) is stored once.
 *
 * A journal that kept its pushes in `<journal>.pushed.json` (earlier
 * versions) gets rows for its entries on open: acknowledged for those the
 * file lists, due for the others; the file is then renamed `.imported`.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import type { JWK } from 'jose';
import { signBody } from '../gateway/signature.js';
import type { JournalCore } from './core.js';
import { JournalError } from './errors.js';
import type { OutboxKind, OutboxRow } from './outbox/row.js';
import type { OutboxStore } from './outbox/store.js';
import { isPushable, pushStatus, toPushEntry } from './push-entries.js';
import { PUSH_MAX_ITEMS, PUSH_PATH, PUSH_VERSION, type PushAnswer, type PushBody, type PushEntry, type PushUpload } from './push-format.js';
import type { JournalEntry } from './entry.js';
import { TRACE } from './trace/kind.js';

/** The outbox kind of back-office pushes (stored in each row: never rename). */
export const BACKOFFICE = 'backoffice';

/**
 * Where a till's pushes go: the back office's URL.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import type { BackofficeOptions } from 'yibao-pos';
 * const backoffice: BackofficeOptions = { url: 'http://127.0.0.1:8090' };
 * ```
 */
export interface BackofficeOptions {
  url: string;
  /** Per-push timeout, default 10 s. */
  timeoutMs?: number;
  /**
   * The background worker pushes the till's status alone when nothing has
   * been pushed for this long, so an idle till is not taken for a silent
   * one and its pending counts stay current at the back office; default 60 s.
   */
  statusEveryMs?: number;
}

/**
 * A journal's pushes to its chain's back office (`SettlementJournal.open({ backoffice })`): where, as which till, signed with which key.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import { SettlementJournal, type BackofficePushOptions } from 'yibao-pos/journal';
 * const backoffice: BackofficePushOptions = { url: 'http://127.0.0.1:8090', pharmacy: 'P42010000001', till: 1, key };
 * const journal = await SettlementJournal.open('journal.db', { till: 1, backoffice });
 * ```
 */
export interface BackofficePushOptions extends BackofficeOptions {
  pharmacy: string;
  till: number;
  /** The till's private signing key (with its kid). */
  key: JWK;
  /**
   * The `pushed.json` of an earlier version, moved into the outbox on open
   * (default `<journal file>.pushed.json`; `false` for none).
   */
  legacyStateFile?: string | false;
}

/**
 * What one round of pushing did: rows new to the back office, rows it already had, rows left, the failure if any.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @example
 * ```ts
 * import type { PushReport } from 'yibao-pos';
 * const done = (r: PushReport) => r.remaining === 0 && r.error === undefined;
 * ```
 */
export interface PushReport {
  pushed: number;
  duplicates: number;
  remaining: number;
  error?: string;
}

/** A push row's payload: null while its message is in flight. */
export type PushItem = { entry: PushEntry } | { upload: PushUpload } | null;

const uploadKey = (msgid: string) => `u:${msgid}`;

/** A till's status goes at least this often while its worker runs (the old pusher's period). */
const STATUS_EVERY_MS = 60_000;

/** The push form of a trace row that ended (one sold line; a row with a return time is its 3506). */
function pushUploadOf(row: OutboxRow, state: 'acknowledged' | 'refused'): PushUpload {
  const payload = row.payload as { returnTime?: string } | null;
  return { msgid: row.key, infno: payload?.returnTime ? '3506' : '3505', state: state === 'acknowledged' ? 'sent' : 'refused', saleMsgid: row.parent, lines: 1 };
}

/** A push row's payload once its message ended: the entry as the back office keeps it (undefined: keep waiting). */
const readyPush = (_payload: PushItem, ended: JournalEntry): PushItem | undefined => (isPushable(ended) ? { entry: toPushEntry(ended) } : undefined);

/** The kind, and what `pushToBackoffice` needs beside it. */
export interface BackofficePush {
  kind: OutboxKind<PushItem>;
  /** Answers summed since the journal opened (a round's figures are the difference). */
  readonly totals: PushAnswer;
  /** A push with no rows: the till's status only (pending reversals and uploads, rows left). */
  sendStatus(): Promise<void>;
}

export function backofficePush(o: BackofficePushOptions, core: JournalCore): BackofficePush {
  const totals: PushAnswer = { accepted: 0, duplicates: 0 };
  const outbox = (): OutboxStore => core.store.outbox;

  const sendNow = async (rows: ReadonlyArray<OutboxRow<PushItem>>): Promise<PushAnswer> => {
    // Queued behind a push that outlived close(): nothing to read any more.
    if (core.closed) throw new JournalError('JOURNAL_CLOSED');
    lastSentAt = core.clock();
    const entries: PushEntry[] = [];
    const uploads: PushUpload[] = [];
    for (const r of rows) {
      if (r.payload && 'entry' in r.payload) entries.push(r.payload.entry);
      if (r.payload && 'upload' in r.payload) uploads.push(r.payload.upload);
    }
    const left = outbox().list({ kind: BACKOFFICE, state: 'pending' }).length - rows.length;
    const pendingUploads = outbox().list({ kind: TRACE, state: 'pending' }).length + outbox().list({ kind: TRACE, state: 'waiting' }).length;
    const body: PushBody = {
      v: PUSH_VERSION,
      pharmacy: o.pharmacy,
      till: o.till,
      nonce: randomUUID(),
      sentAt: core.clock(),
      entries,
      uploads,
      status: pushStatus(core.store.open(), Math.max(0, left), pendingUploads),
    };
    const bytes = Buffer.from(JSON.stringify(body));
    const signature = await signBody(bytes, o.key);
    const r = await fetch(new URL(PUSH_PATH, o.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yb-signature': signature },
      body: bytes,
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    const answer = (await r.json().catch(() => ({}))) as Partial<PushAnswer> & { code?: string };
    if (r.status !== 200) throw new Error(answer.code ?? `HTTP ${r.status}`);
    const got = { accepted: answer.accepted ?? 0, duplicates: answer.duplicates ?? 0 };
    totals.accepted += got.accepted;
    totals.duplicates += got.duplicates;
    return got;
  };
  // One push at a time: a status read later never reaches the back office before one read earlier.
  let lastSentAt: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const send = (rows: ReadonlyArray<OutboxRow<PushItem>>): Promise<PushAnswer> => {
    const next = queue.then(() => sendNow(rows));
    queue = next.catch(() => undefined);
    return next;
  };
  const sendStatus = (): Promise<void> => send([]).then(() => undefined);

  const kind: OutboxKind<PushItem> = {
    name: BACKOFFICE,
    batchSize: PUSH_MAX_ITEMS,
    dueOnEveryEnd: true,
    rowsFor: (intent) => (intent.infno === '2102' || intent.infno === '2103' ? [{ key: intent.msgid, payload: null }] : []),
    ready: readyPush,
    send: (row) => send([row]),
    sendBatch: (rows) => send(rows),
    errorText: (err) => (err instanceof Error ? err.message : String(err)).slice(0, 200),
    // A 3505/3506 reached its end at the gateway: the back office hears of it.
    follows: (row, state) => (row.kind === TRACE ? [{ key: uploadKey(row.key), payload: { upload: pushUploadOf(row, state) } }] : []),
    heartbeat: { everyMs: o.statusEveryMs ?? STATUS_EVERY_MS, lastSentAt: () => lastSentAt, send: sendStatus },
  };
  return { kind, totals, sendStatus };
}

/**
 * The kind when the journal has no back office this time (a checkout run
 * without one): rows already written still become due when their entry
 * ends, as with one, and wait unsent; new messages get none (the next
 * journal opened with a back office adopts them).
 */
export function dormantBackofficeKind(): OutboxKind<PushItem> {
  return {
    name: BACKOFFICE,
    dormant: true,
    dueOnEveryEnd: true,
    ready: readyPush,
    send: () => Promise.reject(new Error('no back office configured')),
  };
}

/**
 * Gives every 2102/2103 and every ended upload that has no push row one
 * (a journal from before pushes were outbox rows): acknowledged when the
 * old state file lists it, else waiting on its entry (the outbox makes it
 * due at once when the entry has ended). Then renames the file `.imported`.
 * Runs at open, before rows waiting on ended entries are settled.
 */
export async function adoptPushRows(store: { list(): JournalEntry[]; outbox: OutboxStore }, legacyFile: string | undefined, now: number): Promise<void> {
  let pushed = new Set<string>();
  if (legacyFile !== undefined) {
    try {
      pushed = new Set(JSON.parse(await readFile(legacyFile, 'utf8')) as string[]);
    } catch {
      // No file (or not readable): nothing was remembered; the push is idempotent anyway.
    }
  }
  const row = (key: string, parent: string | null, state: 'acknowledged' | 'waiting', payload: PushItem): OutboxRow<PushItem> => ({
    kind: BACKOFFICE, key, parent, state, payload, attempts: 0, nextAttemptAt: null, lastError: null, answer: null, createdAt: now, updatedAt: now,
  });
  for (const e of store.list()) {
    if ((e.infno !== '2102' && e.infno !== '2103') || store.outbox.get(BACKOFFICE, e.msgid)) continue;
    store.outbox.restore(pushed.has(e.msgid) && isPushable(e) ? row(e.msgid, e.msgid, 'acknowledged', { entry: toPushEntry(e) }) : row(e.msgid, e.msgid, 'waiting', null));
  }
  // Uploads that ended before they were pushed (earlier versions never pushed them).
  for (const t of store.outbox.list({ kind: TRACE })) {
    if ((t.state !== 'acknowledged' && t.state !== 'refused') || store.outbox.get(BACKOFFICE, uploadKey(t.key))) continue;
    store.outbox.restore({ ...row(uploadKey(t.key), t.parent, 'acknowledged', { upload: pushUploadOf(t, t.state) }), state: 'pending', nextAttemptAt: now });
  }
  if (legacyFile !== undefined && pushed.size > 0) await rename(legacyFile, `${legacyFile}.imported`).catch(() => {});
}
