/**
 * Reversals as an outbox kind: a money message whose outcome is unknown
 * gets a `reversal` row (key: its msgid), retried by the outbox until the
 * gateway acknowledges a 2601. Each try is journaled as its own 2601 entry
 * under a fresh msgid before it leaves. On acknowledgement the entry becomes
 * `reversed`, or, for a cancel the gateway answers `kept` (the refund was
 * already spent), `booked`: the cancel stands.
 *
 * @module
 */
import type { Gateway, ReversalAnswer } from '../gateway/types.js';
import { errorCode } from '../lib/errors.js';
import { isRefusal, type JournalCore } from './core.js';
import type { Outbox } from './outbox/outbox.js';
import type { OutboxKind, OutboxRow } from './outbox/row.js';
import type { NewEntry } from './entry.js';
import type { PendingReversal } from './types.js';

export const REVERSAL = 'reversal';

export type ReversalResult = 'reversed' | 'kept' | false;

/** The kind: its payload is empty, its key the msgid it voids. */
export function reversalKind(core: JournalCore): OutboxKind<Record<string, never>> {
  const original = (row: OutboxRow) => {
    const e = core.store.get(row.key);
    if (!e) throw new TypeError(`reversal of ${row.key}: no such entry`);
    return e;
  };
  return {
    name: REVERSAL,
    async send(row, gateway): Promise<ReversalAnswer> {
      const orig = original(row);
      const msgid = gateway.newMsgid();
      const attempt: NewEntry = { msgid, infno: '2601', psnNo: orig.psnNo, insuplcAdmdvs: orig.insuplcAdmdvs, amountFen: orig.amountFen, omsgid: orig.msgid };
      core.write(() => core.store.insertIntent(attempt, core.clock()));
      core.sent(msgid, '2601');
      await core.hooks.at?.('during-reversal', orig.msgid);
      let answer: ReversalAnswer | void;
      try {
        answer = await gateway.reverse({ psnNo: orig.psnNo, omsgid: orig.msgid, oinfno: orig.infno, insuplcAdmdvs: orig.insuplcAdmdvs }, { msgid });
      } catch (err) {
        if (!core.closed) core.move(msgid, isRefusal(err) ? 'refused' : 'unknown', { errorCode: errorCode(err) });
        throw err;
      }
      if (!core.closed) core.move(msgid, 'booked', { bookedAt: core.clock() });
      return answer ?? {};
    },
    acknowledged(row, answer) {
      const orig = original(row);
      if (orig.infno === '2103' && (answer as ReversalAnswer | null)?.result === 'kept') {
        core.move(orig.msgid, 'booked', { bookedAt: core.clock() });
        core.log.log('warn', 'cancel kept by the gateway (refund already spent)', { msgid: orig.msgid });
        core.events.emit('cancel-kept', { msgid: orig.msgid, amountFen: orig.amountFen, setlId: orig.ref.setlId });
        return;
      }
      core.move(orig.msgid, 'reversed');
      core.log.log('info', 'reversal acknowledged', { msgid: orig.msgid, attempts: row.attempts });
      core.events.emit('reversed', { msgid: orig.msgid, amountFen: orig.amountFen, attempts: row.attempts, infno: orig.infno });
    },
    failed(row, err, nextAttemptAt) {
      const orig = original(row);
      const code = errorCode(err);
      core.move(orig.msgid, 'reversal_pending', { errorCode: code });
      core.log.log('warn', 'reversal not acknowledged', { msgid: orig.msgid, attempts: row.attempts, code });
      core.events.emit('reversal-failed', { msgid: orig.msgid, amountFen: orig.amountFen, attempts: row.attempts, nextAttemptAt, code });
    },
  };
}

/** Moves an entry whose outcome is unknown to reversal_pending and writes its reversal row, in one commit. */
export function scheduleReversal(core: JournalCore, outbox: Outbox, msgid: string): void {
  core.write(() =>
    core.store.atomically(() => {
      core.move(msgid, 'reversal_pending');
      if (!core.store.outbox.get(REVERSAL, msgid)) outbox.add({ kind: REVERSAL, key: msgid, parent: msgid, payload: {} });
    }),
  );
}

/** One reversal try now; what became of the entry. */
export async function reverseOnce(outbox: Outbox, core: JournalCore, gateway: Gateway, msgid: string): Promise<ReversalResult> {
  await outbox.attempt(gateway, REVERSAL, msgid);
  const e = core.store.get(msgid);
  if (e?.state === 'reversed') return 'reversed';
  if (e?.state === 'booked' && e.infno === '2103' && core.store.outbox.get(REVERSAL, msgid)?.state === 'acknowledged') return 'kept';
  return false;
}

/** Settlements not paid (or cancels not undone) whose reversal is still owed. */
export function pendingReversals(core: JournalCore): PendingReversal[] {
  return core.store.outbox.list({ kind: REVERSAL, state: 'pending' }).flatMap((r) => {
    const e = core.store.get(r.key);
    if (!e || e.corrupt) return [];
    return [{ msgid: e.msgid, infno: e.infno, psnNo: e.psnNo, amountFen: e.amountFen, attempts: r.attempts, nextAttemptAt: r.nextAttemptAt, lastError: e.errorCode }];
  });
}
