/**
 * Reading a journal file without its lock: what a technician's tool (the
 * `journal list` command, reconciliation over other tills' files) needs
 * while the terminal runs. Read-only: never changes the file.
 *
 * @module
 */
import { join, dirname } from 'node:path';
import { readLegacyTraceRows } from './legacy.js';
import { SqliteJournalStore } from './sqlite-store.js';
import { TRACE, traceUploadOf, type TraceUploadRow } from './trace/kind.js';
import { parseRangeKey, tillOfRange, type SequenceRange } from './till.js';
import type { EntryFilter, JournalEntry } from './entry.js';

/**
 * Reads the entries of a journal file without taking its lock (a technician
 * lists it while the terminal runs). Read-only: never changes the file.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @param file The journal's SQLite file.
 * @param filter Only entries in this state and/or of this transaction.
 *
 * @example
 * ```ts
 * import { readJournalEntries } from 'yibao-pos/journal';
 * for (const e of await readJournalEntries('/var/lib/pos/terminal/journal.db', { state: 'reversal_pending' })) {
 *   console.log(e.msgid, e.amountFen, e.attempts);
 * }
 * ```
 */
export function readJournalEntries(file: string, filter: EntryFilter = {}): Promise<JournalEntry[]> {
  return SqliteJournalStore.readEntries(file, filter);
}

/**
 * The msgid block a journal file was opened with, read without its lock, with the till it belongs to (`till`: absent for a journal that owns the whole sequence); undefined when it has none.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @param file The journal's SQLite file.
 *
 * @example
 * ```ts
 * import { readJournalRange } from 'yibao-pos/journal';
 * const range = await readJournalRange('/var/lib/pos/till-2/journal.db');
 * console.log(range?.till, range?.start, range?.size);
 * ```
 */
export async function readJournalRange(file: string): Promise<(SequenceRange & { till?: number }) | undefined> {
  const key = await SqliteJournalStore.readMeta(file, 'sequence');
  const range = key === undefined ? undefined : parseRangeKey(key);
  const till = range && tillOfRange(range);
  return range && till !== undefined ? { ...range, till } : range;
}

/**
 * The traceability uploads (3505) of a journal file, read without its lock;
 * with those of an old `trace.db` the journal has not moved in yet (it does
 * on its next open). Read-only: changes neither file.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @param file The journal's SQLite file.
 * @param legacyFile An earlier version's trace outbox file (default `trace.db` beside the journal).
 *
 * @example
 * ```ts
 * import { readTraceUploads } from 'yibao-pos/journal';
 * const waiting = (await readTraceUploads('/var/lib/pos/terminal/journal.db')).filter((u) => u.state === 'pending');
 * console.log(waiting.length, 'uploads due');
 * ```
 */
export async function readTraceUploads(file: string, legacyFile: string = join(dirname(file), 'trace.db')): Promise<TraceUploadRow[]> {
  const own = await SqliteJournalStore.readOutbox(file, { kind: TRACE });
  const keys = new Set(own.map((r) => r.key));
  const old = (await readLegacyTraceRows(legacyFile)).filter((r) => !keys.has(r.key));
  return [...own, ...old].map(traceUploadOf);
}
