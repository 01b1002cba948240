/**
 * What the journal's parts (sending, recovery, the outbox) share:
 * the store, the clock, the logger, the test hooks, and the one way an entry
 * changes state (checked against states.ts; an illegal move is reported as
 * JOURNAL_ILLEGAL_TRANSITION, a failing disk as JOURNAL_STORE_FAILED).
 *
 * @module
 */
import type { EventEmitter } from 'eventemitter3';
import type { MoneyInfno } from '../gateway/types.js';
import type { Clock } from '../lib/clock.js';
import { YibaoError } from '../lib/errors.js';
import type { Logger } from '../lib/log.js';
import { JournalError } from './errors.js';
import type { EntryState } from './states.js';
import type { JournalEntry, StateChange } from './entry.js';
import type { JournalStore } from './store.js';
import type { JournalEvents, JournalHooks } from './events.js';

/** A refusal with a known outcome (nothing booked); anything else counts as unknown. */
export const isRefusal = (err: unknown): boolean => YibaoError.is(err) && (err as { outcome?: string }).outcome === 'refused';

/** Entry states that end a money message: rows waiting on it become due or void. */
const ENDS: ReadonlySet<EntryState> = new Set(['booked', 'refused', 'reversed']);

export class JournalCore {
  closed = false;
  /**
   * Told, inside the commit that moved it, that an entry reached an end (the
   * outbox settles rows waiting on it); `entry` reads it only when asked.
   */
  ended: ((msgid: string, entry: () => JournalEntry | undefined) => void) | undefined;

  constructor(
    readonly store: JournalStore,
    readonly clock: Clock,
    readonly log: Logger,
    readonly hooks: JournalHooks,
    readonly events: EventEmitter<JournalEvents>,
  ) {}

  checkOpen(): void {
    if (this.closed) throw new JournalError('JOURNAL_CLOSED');
  }

  /** Runs a store call; a failure of the store itself becomes JOURNAL_STORE_FAILED. */
  write<T>(fn: () => T): T {
    this.checkOpen();
    try {
      return fn();
    } catch (err) {
      if (YibaoError.is(err)) throw err;
      throw new JournalError('JOURNAL_STORE_FAILED', { cause: err });
    }
  }

  /**
   * Tells that a message is leaving (`sent`) without writing it: an entry in
   * flight stays `intent` in the file until its answer, since recovery
   * finishes `intent` and `sent` alike (either may have reached the
   * gateway), and a commit per message is saved.
   */
  sent(msgid: string, infno: MoneyInfno): void {
    this.events.emit('state', { msgid, infno, state: 'sent' });
  }

  /**
   * Moves an entry (checked against states.ts). `waits`: whether outbox rows
   * may wait on it; false only from the caller that wrote its intent with
   * none, and then an end is one statement, with no commit around it.
   */
  move(msgid: string, to: EntryState, change: StateChange = {}, waits = true): void {
    const now = this.clock();
    // The store checks the move against the table in the statement that makes it: no read first.
    const infno = waits && ENDS.has(to)
      ? // An end settles the rows waiting on it in the same commit.
        this.write(() =>
          this.store.atomically(() => {
            const moved = this.store.moveState(msgid, to, now, change);
            if (moved) this.ended?.(msgid, () => this.store.get(msgid));
            return moved;
          }),
        )
      : this.write(() => this.store.moveState(msgid, to, now, change));
    if (infno) {
      this.events.emit('state', { msgid, infno, state: to });
      return;
    }
    // Nothing moved: already in `to` (only the change is written), or a move the table forbids.
    const e = this.write(() => this.store.stateOf(msgid));
    if (!e) throw new JournalError('JOURNAL_ILLEGAL_TRANSITION', { details: { msgid, to, reason: 'no such entry' } });
    if (e.state !== to) throw new JournalError('JOURNAL_ILLEGAL_TRANSITION', { details: { msgid, infno: e.infno, from: e.state, to } });
    this.write(() => this.store.setState(msgid, to, now, change));
  }
}
