/**
 * The sign-in lifecycle (pure: no I/O, the day from an injected clock).
 *
 * Real clients sign in (9001) per operator and per local day: the `sign_no`
 * of one cashier is not another's, and it ends with the day it was issued on.
 * One `SignInRecord` is one `sign_no` (or one 9001 on its way); its state
 * moves only through `SIGN_IN_NEXT`:
 *
 *     signing-in ──► open ──► signing-out ──► signed-out
 *         │            │
 *         ▼            ▼
 *       failed      expired  (a new local day, or the gateway said it is gone)
 *
 * `SignInBook` keeps the current record of each operator; the client does the
 * sending (client.ts).
 *
 * @module
 */
import { GatewayError } from './errors.js';
import { localTime } from './local-time.js';
import type { SignIn } from './types.js';

/** The state of one sign-in (one `sign_no`). */
export type SignInState = 'signing-in' | 'open' | 'failed' | 'expired' | 'signing-out' | 'signed-out';

/** The transition table: the only moves a sign-in may make. */
export const SIGN_IN_NEXT: Readonly<Record<SignInState, readonly SignInState[]>> = {
  'signing-in': ['open', 'failed'],
  // expired: its day ended, or a refusal said the gateway no longer knows it.
  open: ['expired', 'signing-out'],
  // A 9002 that fails still ends it here: the next message signs in anew.
  'signing-out': ['signed-out'],
  failed: [],
  expired: [],
  'signed-out': [],
};

/** One sign-in of one operator on one local day. */
export class SignInRecord {
  #state: SignInState = 'signing-in';
  #signIn: SignIn | undefined;
  /** The 9001 on its way: concurrent callers share it. */
  flight: Promise<SignIn> | undefined;

  constructor(
    readonly opter: string,
    readonly opterName: string,
    /** Local `yyyyMMdd` of the 9001: the sign_no ends with this day. */
    readonly day: string,
  ) {}

  get state(): SignInState {
    return this.#state;
  }

  /** The gateway's sign_no and time, once open. */
  get signIn(): SignIn | undefined {
    return this.#signIn;
  }

  get signNo(): string | undefined {
    return this.#signIn?.signNo;
  }

  /** Moves to `to`, or throws GATEWAY_SIGN_IN_ILLEGAL_TRANSITION (a bug, never a gateway answer). */
  move(to: SignInState, signIn?: SignIn): void {
    if (!SIGN_IN_NEXT[this.#state].includes(to)) {
      throw new GatewayError('GATEWAY_SIGN_IN_ILLEGAL_TRANSITION', { details: { opter: this.opter, from: this.#state, to } });
    }
    this.#state = to;
    if (to === 'open') this.#signIn = signIn;
  }
}

/** The operators' current sign-ins, each ending with its local day. */
export class SignInBook {
  readonly #records = new Map<string, SignInRecord>();

  constructor(
    private readonly clock: () => number,
    private readonly utcOffsetMin: number,
  ) {}

  /** Today's local `yyyyMMdd` by the injected clock. */
  today(): string {
    return localTime(this.clock(), this.utcOffsetMin).compact.slice(0, 8);
  }

  /**
   * The operator's sign-in that may carry a message now: open (or on its way)
   * and of today. An open one of an earlier day is expired here.
   */
  current(opter: string): SignInRecord | undefined {
    const r = this.#records.get(opter);
    if (!r) return undefined;
    if (r.state === 'open' && r.day !== this.today()) r.move('expired');
    return r.state === 'open' || r.state === 'signing-in' ? r : undefined;
  }

  /** A new 9001 for `opter` (its current record, if still open, is replaced and expired). */
  begin(opter: string, opterName: string): SignInRecord {
    const old = this.#records.get(opter);
    if (old?.state === 'open') old.move('expired');
    const r = new SignInRecord(opter, opterName, this.today());
    this.#records.set(opter, r);
    return r;
  }

  /** The gateway refused `signNo` as unknown or ended: it expires if it is still the operator's. */
  refused(opter: string, signNo: string): void {
    const r = this.#records.get(opter);
    if (r?.state === 'open' && r.signNo === signNo) r.move('expired');
  }

  /** Every open sign-in of today, for 9002 at close (earlier days' ended at the gateway already). */
  openToday(): SignInRecord[] {
    return [...this.#records.keys()].map((opter) => this.current(opter)).filter((r): r is SignInRecord => r?.state === 'open');
  }
}
