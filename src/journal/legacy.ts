/**
 * Trace uploads kept by earlier versions in their own file (`trace.db`,
 * table `trace_uploads`) move into the journal's outbox when the journal
 * opens: every row, with its state, attempts and due time, in one commit;
 * then the old file is renamed `trace.db.imported` (kept, never deleted).
 * Importing again is harmless: a row already in the outbox is left as it is.
 *
 * @module
 */
import { existsSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import { openDatabase } from '../lib/sqlite.js';
import type { OutboxRow } from './outbox/row.js';
import type { OutboxState } from './outbox/states.js';
import type { JournalStore } from './store.js';
import { TRACE } from './trace/kind.js';

interface TraceDbRow {
  msgid: string;
  sale_msgid: string;
  state: OutboxState;
  upload: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** The rows of an old trace outbox file as outbox rows (read-only; [] when it has none). */
export async function readLegacyTraceRows(file: string): Promise<OutboxRow[]> {
  if (!existsSync(file)) return [];
  const db = await openDatabase(file, { readonly: true });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'trace_uploads'").get() !== undefined;
    if (!has) return [];
    const rows = db.prepare('SELECT * FROM trace_uploads ORDER BY created_at, msgid').all() as TraceDbRow[];
    return rows.map((r) => ({
      kind: TRACE,
      key: r.msgid,
      parent: r.sale_msgid,
      state: r.state,
      payload: JSON.parse(r.upload) as unknown,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
      answer: null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  } finally {
    db.close();
  }
}

/** Moves an old trace outbox file into the journal; returns how many rows it held. */
export async function importLegacyTraceFile(store: JournalStore, file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  // A writable open first: it folds a WAL the old process left into the file before it is read.
  (await openDatabase(file)).close();
  const rows = await readLegacyTraceRows(file);
  store.atomically(() => {
    for (const r of rows) store.outbox.restore(r);
  });
  // setMeta syncs the WAL, which makes the import durable too: only then may the old file go.
  store.setMeta(`imported:${basename(file)}`, String(rows.length));
  renameSync(file, `${file}.imported`);
  return rows.length;
}
