/**
 * The interface of the place a journal keeps its entries and outbox rows:
 * the SQLite store (sqlite-store.ts, durable) or the in-memory store
 * (memory-store.ts, tests and demos).
 *
 * @module
 */
import type { MoneyInfno } from '../gateway/types.js';
import type { EntryFilter, JournalEntry, NewEntry, StateChange } from './entry.js';
import type { NewOutboxRow } from './outbox/row.js';
import type { OutboxStore } from './outbox/store.js';
import type { EntryState } from './states.js';
import { JournalError } from './errors.js';

/**
 * Where a journal keeps its rows. Every call is synchronous and committed
 * when it returns; only `insertIntent` must be synced to disk before it
 * returns (the message leaves right after). Other writes may reach the disk
 * with the next synced commit: losing them on power loss is repaired by
 * recovery (an unfinished entry is looked up again), never a lost sale.
 */
export interface JournalStore {
  /**
   * The intent of a money message, the voucher codes (`jtis`, forgotten
   * after `forgetAfterSec`) it uses up, and the outbox rows it owes, in ONE synced commit.
   * A msgid already journaled throws JOURNAL_MSGID_USED and writes nothing.
   */
  insertIntent(e: NewEntry, now: number, jtis?: ReadonlyArray<{ jti: string; forgetAfterSec: number }>, rows?: readonly NewOutboxRow[]): void;
  /** The outbox rows kept beside the entries (same file, same commits). */
  readonly outbox: OutboxStore;
  /** Runs `fn` as one commit (nested calls join it). */
  atomically<T>(fn: () => T): T;
  get(msgid: string): JournalEntry | undefined;
  /** An entry's state and message alone (a state change needs no more, and reads no JSON column). */
  stateOf(msgid: string): { state: EntryState; infno: MoneyInfno } | undefined;
  /** Writes a state and `change` unchecked (a change that keeps the state; `moveState` makes moves). */
  setState(msgid: string, state: EntryState, now: number, change?: StateChange): void;
  /**
   * Moves an entry to `to` with `change` when the state table allows it from
   * the state it is in (`movableFrom`), checked in the same statement: no read
   * before the write. Returns the entry's message, or undefined when nothing
   * moved (no such entry, already in `to`, or a move the table forbids).
   */
  moveState(msgid: string, to: EntryState, now: number, change?: StateChange): MoneyInfno | undefined;
  /** Entries, oldest first. */
  list(filter?: EntryFilter): JournalEntry[];
  /** Entries in a state where some message may be unfinished (a superset; isUnfinished decides), oldest first. */
  open(): JournalEntry[];
  /** Unfinished rows that did not parse (left for the operator; `open()` leaves them out). */
  corruptOpen?(): JournalEntry[];
  /** Booked 2102s whose receipt was never marked shown, oldest first. */
  unshown(): JournalEntry[];
  /** Marks a 2102's receipt as given to the cashier. */
  markShown(msgid: string, at: number): void;
  /** Durable msgid sequence: the n-th call for one second returns n-1. */
  nextSeq(second: string): number;
  /** Replay record of voucher codes (see ReplayGuard): true when `jti` was unseen and is now recorded. */
  checkAndRecordJti(jti: string, forgetAfterSec: number, nowSec: number): boolean;
  /** Small facts about the journal itself (which till it belongs to). */
  meta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  close(): void;
}

/** The refusal of an intent whose msgid is already journaled (a msgid is used once, ever). */
export const msgidUsed = (msgid: string): JournalError => new JournalError('JOURNAL_MSGID_USED', { details: { msgid } });
