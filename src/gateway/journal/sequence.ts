/**
 * The durable msgid sequence (a `SequenceStore` for the gateway client):
 * each handed-out number is committed (synchronous=FULL) before the client
 * uses it, so a terminal restarted within the same second never reuses a
 * msgid. Old seconds are pruned.
 *
 * @module
 */
import type { Database } from '../../lib/sqlite.js';
import { GatewayError } from '../errors.js';
import type { SequenceStore } from '../types.js';

const KEEP_SECONDS = 100_000;

export class SqliteSequenceStore implements SequenceStore {
  readonly #take: (second: string) => number;
  readonly #prune: () => void;
  #calls = 0;

  constructor(db: Database) {
    const get = db.prepare<[string], { next: number }>('SELECT next FROM msgid_seq WHERE second = ?');
    const put = db.prepare('INSERT INTO msgid_seq (second, next) VALUES (?, ?) ON CONFLICT (second) DO UPDATE SET next = excluded.next');
    this.#take = db.transaction((second: string) => {
      const seq = get.get(second)?.next ?? 0;
      if (seq > 9999) throw new GatewayError('GATEWAY_MSGID_EXHAUSTED', { details: { second } });
      put.run(second, seq + 1);
      return seq;
    });
    const prune = db.prepare(`DELETE FROM msgid_seq WHERE second NOT IN (SELECT second FROM msgid_seq ORDER BY second DESC LIMIT ${KEEP_SECONDS})`);
    this.#prune = () => prune.run();
  }

  nextSeq(second: string): number {
    if (++this.#calls % 1000 === 0) this.#prune();
    return this.#take(second);
  }
}
