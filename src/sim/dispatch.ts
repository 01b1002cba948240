/**
 * Handles one verified, parsed message: idempotency by msgid (stored answer
 * for the same body, DUPLICATE_MSGID for another), the sign-in check, voided
 * messages, then the handler — booking and stored answer in ONE SQLite
 * transaction, so a crash never leaves one without the other.
 *
 * @module
 */
import type { SimState, TxContext, Outcome } from './context.js';
import { bodyHash, refusalAnswer, successAnswer, type AnswerEnvelope, type RequestEnvelope } from './envelope.js';
import { SIGN_NO_INVALID, SimRefusal } from './refusal.js';
import { cstDay, cstStamp14 } from './rules/day.js';
import { HANDLERS } from './transactions/index.js';

/** `inf_refmsgid`: region (6) + time (14) + serial (10). */
function refmsgid(state: SimState, region: string, now: number): string {
  return `${region}${cstStamp14(now)}${String(state.ledger.next('refmsgid') % 1e10).padStart(10, '0')}`;
}

function checkSignIn(state: SimState, env: RequestEnvelope, now: number): void {
  if (env.infno === '9001') return;
  if (env.sign_no === '') throw new SimRefusal('SIGN_IN_REQUIRED');
  const s = state.ledger.signIn(env.sign_no);
  // Unknown, signed out (9002) or of an earlier day: worded as real gateways word a dead sign_no.
  if (!s || s.ended_at !== null || s.fixmedins_code !== env.fixmedins_code || cstDay(s.signed_at) !== cstDay(now)) {
    throw new SimRefusal('SIGN_IN_REQUIRED', { errMsg: SIGN_NO_INVALID });
  }
}

/** The stored answer for this till's msgid if any (throws DUPLICATE_MSGID for a different body), else undefined. */
function replay(state: SimState, kid: string, env: RequestEnvelope, hash: string): AnswerEnvelope | undefined {
  const stored = state.ledger.storedAnswer(kid, env.msgid);
  if (!stored) return undefined;
  if (stored.body_hash !== hash) throw new SimRefusal('DUPLICATE_MSGID');
  return JSON.parse(stored.answer) as AnswerEnvelope;
}

/** A money message that was reversed (or voided before it came) never books and never answers success again. */
function checkVoided(state: SimState, kid: string, env: RequestEnvelope): void {
  if (env.infno !== '2102' && env.infno !== '2103') return;
  const booking = state.ledger.booking(kid, env.msgid);
  if (booking?.state === 'reversed' || (!booking && state.ledger.isVoided(kid, env.msgid))) throw new SimRefusal('ALREADY_CANCELLED', { store: false });
}

/** `kid`: the terminal whose signature the body carried (one till of the pharmacy). */
export async function dispatch(state: SimState, env: RequestEnvelope, receivedAt: number, kid: string): Promise<AnswerEnvelope> {
  const { ledger, clock } = state;
  const hash = bodyHash(env);
  const refuse = (r: SimRefusal): AnswerEnvelope => {
    const answer = refusalAnswer(refmsgid(state, env.mdtrtarea_admvs, clock()), receivedAt, clock(), r);
    if (!r.stored) return answer;
    // Store the refusal unless an answer got there first (a concurrent copy of this msgid).
    try {
      return ledger.atomic(() => {
        const first = replay(state, kid, env, hash);
        if (first) return first;
        ledger.storeAnswer(kid, env.msgid, hash, env.infno, JSON.stringify(answer), clock());
        return answer;
      });
    } catch (err) {
      if (err instanceof SimRefusal) return refusalAnswer(refmsgid(state, env.mdtrtarea_admvs, clock()), receivedAt, clock(), err);
      throw err;
    }
  };
  try {
    checkVoided(state, kid, env);
    const first = replay(state, kid, env, hash);
    if (first) return first;
    checkSignIn(state, env, clock());
  } catch (err) {
    if (err instanceof SimRefusal) return refusalAnswer(refmsgid(state, env.mdtrtarea_admvs, clock()), receivedAt, clock(), err);
    throw err;
  }
  const handler = HANDLERS[env.infno];
  const ctx: TxContext = { ...state, env, receivedAt, kid };
  let prepared: unknown;
  try {
    prepared = await handler.prepare(ctx);
  } catch (err) {
    if (err instanceof SimRefusal) return refuse(err);
    throw err;
  }
  try {
    return ledger.atomic(() => {
      // Another copy of this msgid may have been answered while this one was being prepared.
      checkVoided(state, kid, env);
      const first = replay(state, kid, env, hash);
      if (first) return first;
      const outcome: Outcome = handler.apply(ctx, prepared as never);
      const now = clock();
      const id = refmsgid(state, env.mdtrtarea_admvs, now);
      const answer = 'output' in outcome ? successAnswer(id, receivedAt, now, outcome.output) : refusalAnswer(id, receivedAt, now, outcome.refusal);
      ledger.storeAnswer(kid, env.msgid, hash, env.infno, JSON.stringify(answer), now);
      return answer;
    });
  } catch (err) {
    if (err instanceof SimRefusal) return refuse(err);
    throw err;
  }
}
