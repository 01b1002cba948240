/**
 * How a sale's 2102 ended, read from its journal entry, for the trace
 * outbox's start-up: booked (with its setl_id), not booked, or not known yet.
 *
 * @module
 */
import type { JournalEntry } from '../store.js';
import type { SaleOutcome } from './outbox.js';

/**
 * How a sale's 2102 ended, read from its journal entry (booked with its setl_id, not booked, or not known yet), for settling the outbox's waiting uploads.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 * @param entry The sale's journal entry (`journal.get(msgid)`), or undefined.
 * @example
 * ```ts
 * import { saleOutcome, SettlementJournal, TraceOutbox } from 'yibao-pos';
 * outbox.resolveWaiting((msgid) => saleOutcome(journal.get(msgid)));
 * ```
 */
export function saleOutcome(entry: JournalEntry | undefined): SaleOutcome {
  // No entry: the terminal stopped before the 2102's intent was written, so it never left.
  if (!entry) return { booked: false };
  if (entry.state === 'booked') {
    const setlId = (entry.answer as { setlId?: unknown } | null)?.setlId;
    return typeof setlId === 'string' && setlId !== '' ? { booked: true, setlId } : undefined;
  }
  if (entry.state === 'intent' || entry.state === 'sent' || entry.state === 'unknown') return undefined;
  return { booked: false };
}
