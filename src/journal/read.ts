/**
 * Reading a journal file without its lock: what a technician's tool (the
 * `journal list` command, reconciliation over other tills' files) needs
 * while the terminal runs. Read-only: never changes the file.
 *
 * @module
 */
import { SqliteJournalStore } from './sqlite-store.js';
import { parseRangeKey, type SequenceRange } from './till.js';
import type { EntryFilter, JournalEntry } from './store.js';

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
 * The msgid block a journal file was opened with (its till's), read without its lock; undefined when it has none.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 *
 * @param file The journal's SQLite file.
 *
 * @example
 * ```ts
 * import { readJournalRange } from 'yibao-pos/journal';
 * const range = await readJournalRange('/var/lib/pos/till-2/journal.db');
 * console.log(range?.start, range?.size);
 * ```
 */
export async function readJournalRange(file: string): Promise<SequenceRange | undefined> {
  const key = await SqliteJournalStore.readMeta(file, 'sequence');
  return key === undefined ? undefined : parseRangeKey(key);
}
