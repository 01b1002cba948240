/**
 * The reversal worker: one 2601 attempt at a time per entry, retried with
 * jittered capped backoff (src/lib/retry.ts) in the background and across
 * restarts until the gateway acknowledges it. A reversal of a cancel that
 * the gateway answers `kept` leaves the cancel standing (booked).
 *
 * @module
 */
import { backoffDelay, RetryLoop, type Backoff, type Timer } from '../lib/retry.js';
import type { Gateway } from '../gateway/types.js';
import { errorCode, isRefusal, type JournalCore } from './core.js';
import type { NewEntry } from './store.js';
import type { PendingReversal } from './types.js';

export type ReversalResult = 'reversed' | 'kept' | false;

export class ReversalWorker {
  /** msgids whose reversal is being attempted right now. */
  readonly #busy = new Set<string>();
  #loop: { gateway: Gateway; loop: RetryLoop } | undefined;

  constructor(
    private readonly core: JournalCore,
    private readonly backoff: Backoff,
    private readonly random: () => number,
    private readonly timer: Timer | undefined,
  ) {}

  pending(): PendingReversal[] {
    return this.core.store.list({ state: 'reversal_pending' }).filter((e) => !e.corrupt).map((e) => ({
      msgid: e.msgid,
      infno: e.infno,
      psnNo: e.psnNo,
      amountFen: e.amountFen,
      attempts: e.attempts,
      nextAttemptAt: e.nextAttemptAt,
      lastError: e.errorCode,
    }));
  }

  /** One 2601 attempt for a reversal_pending entry. */
  async once(gateway: Gateway, omsgid: string): Promise<ReversalResult> {
    const { core } = this;
    if (this.#busy.has(omsgid)) return false;
    const orig = core.store.get(omsgid);
    if (!orig || orig.state !== 'reversal_pending') return orig?.state === 'reversed' ? 'reversed' : false;
    this.#busy.add(omsgid);
    try {
      const attempts = orig.attempts + 1;
      let msgid: string | undefined;
      let answer: { result?: string } | void;
      try {
        msgid = gateway.newMsgid();
        const row: NewEntry = { msgid, infno: '2601', psnNo: orig.psnNo, insuplcAdmdvs: orig.insuplcAdmdvs, amountFen: orig.amountFen, omsgid };
        core.write(() => core.store.insertIntent(row, core.clock()));
        core.move(omsgid, 'reversal_pending', { attempts });
        core.move(msgid, 'sent');
        await core.hooks.at?.('during-reversal', omsgid);
        answer = await gateway.reverse({ psnNo: orig.psnNo, omsgid, oinfno: orig.infno, insuplcAdmdvs: orig.insuplcAdmdvs }, { msgid });
      } catch (err) {
        if (core.closed) return false;
        const code = errorCode(err);
        if (msgid !== undefined && core.store.get(msgid)?.state === 'sent') core.move(msgid, isRefusal(err) ? 'refused' : 'unknown', { errorCode: code });
        const nextAttemptAt = core.clock() + backoffDelay(attempts, this.backoff, this.random);
        core.move(omsgid, 'reversal_pending', { attempts, nextAttemptAt, errorCode: code });
        core.log.log('warn', 'reversal not acknowledged', { msgid: omsgid, attempts, code });
        core.events.emit('reversal-failed', { msgid: omsgid, amountFen: orig.amountFen, attempts, nextAttemptAt, code });
        return false;
      }
      if (core.closed) return false;
      core.move(msgid, 'booked', { bookedAt: core.clock() });
      if (orig.infno === '2103' && answer?.result === 'kept') {
        core.move(omsgid, 'booked', { attempts, nextAttemptAt: null, bookedAt: core.clock() });
        core.log.log('warn', 'cancel kept by the gateway (refund already spent)', { msgid: omsgid });
        core.events.emit('cancel-kept', { msgid: omsgid, amountFen: orig.amountFen, setlId: orig.ref.setlId });
        return 'kept';
      }
      core.move(omsgid, 'reversed', { attempts, nextAttemptAt: null });
      core.log.log('info', 'reversal acknowledged', { msgid: omsgid, attempts });
      core.events.emit('reversed', { msgid: omsgid, amountFen: orig.amountFen, attempts, infno: orig.infno });
      return 'reversed';
    } finally {
      this.#busy.delete(omsgid);
    }
  }

  /** Attempts every reversal that is due now; returns how many were acknowledged. */
  async runDue(gateway?: Gateway): Promise<number> {
    const gw = gateway ?? this.#loop?.gateway;
    if (!gw || this.core.closed) return 0;
    const now = this.core.clock();
    let done = 0;
    for (const p of this.pending()) {
      if (this.core.closed) break;
      if ((p.nextAttemptAt ?? 0) <= now && (await this.once(gw, p.msgid))) done++;
    }
    return done;
  }

  start(gateway: Gateway): void {
    this.stop();
    const loop = new RetryLoop({
      nextDue: () => (this.core.closed ? undefined : this.pending().reduce<number | undefined>((m, p) => Math.min(m ?? Infinity, p.nextAttemptAt ?? 0), undefined)),
      runDue: () => this.runDue(gateway),
      clock: this.core.clock,
      ...(this.timer ? { timer: this.timer } : {}),
      onError: (err) => this.core.log.log('error', 'reversal worker failed', { code: errorCode(err) }),
    });
    this.#loop = { gateway, loop };
    loop.start();
  }

  /** Re-reads the next due time (after a new pending reversal). */
  poke(): void {
    this.#loop?.loop.poke();
  }

  get running(): boolean {
    return this.#loop !== undefined;
  }

  stop(): void {
    this.#loop?.loop.stop();
    this.#loop = undefined;
  }
}
