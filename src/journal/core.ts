/**
 * What the journal's parts (sending, recovery, the outbox) share:
 * the store, the clock, the logger, the test hooks, and the one way an entry
 * changes state (checked against states.ts; an illegal move is reported as
 * JOURNAL_ILLEGAL_TRANSITION, a failing disk as JOURNAL_STORE_FAILED).
 *
 * @module
 */
import type { EventEmitter } from 'eventemitter3';
import type { Clock } from '../lib/clock.js';
import { YibaoError } from '../lib/errors.js';
import type { Logger } from '../lib/log.js';
import { JournalError } from './errors.js';
import { canMove, type EntryState } from './states.js';
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

  move(msgid: string, to: EntryState, change: StateChange = {}): void {
    // State and message only: a sale moves twice, and the full row (JSON columns, the outbox join) is not needed for that.
    const e = this.write(() => this.store.stateOf(msgid));
    if (!e) throw new JournalError('JOURNAL_ILLEGAL_TRANSITION', { details: { msgid, to, reason: 'no such entry' } });
    if (e.state !== to && !canMove(e.state, to, e.infno)) {
      throw new JournalError('JOURNAL_ILLEGAL_TRANSITION', { details: { msgid, infno: e.infno, from: e.state, to } });
    }
    const now = this.clock();
    if (e.state !== to && ENDS.has(to)) {
      // An end settles the rows waiting on it in the same commit.
      this.write(() =>
        this.store.atomically(() => {
          this.store.setState(msgid, to, now, change);
          this.ended?.(msgid, () => this.store.get(msgid));
        }),
      );
    } else {
      // One statement is its own commit: no BEGIN and COMMIT around it.
      this.write(() => this.store.setState(msgid, to, now, change));
    }
    if (e.state !== to) this.events.emit('state', { msgid, infno: e.infno, state: to });
  }
}
