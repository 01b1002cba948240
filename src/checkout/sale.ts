/**
 * One sale, from the patient's voucher to the receipt: named steps over
 * injected ports, each entering its state through the transition table of
 * states.ts (drawn in docs/checkout.md).
 *
 * @module
 */
import type { JWK } from 'jose';
import type { SettleMeta } from '../journal/types.js';
import type { Gateway, Insurance, SaleItem, Settlement, SettleRequest } from '../gateway/types.js';
import type { Clock } from '../lib/clock.js';
import { YibaoError } from '../lib/errors.js';
import { PIN_INPUT_ENDED, PinError } from '../pin/errors.js';
import type { PinPad, PinRequest } from '../pin/pin-pad.js';
import type { VoucherUse } from '../voucher/types.js';
import { CheckoutError } from './errors.js';
import type { Prompt, TerminalEvents, VoucherShown } from './events.js';
import { checkTracedLines, saleLines } from './items.js';
import type { SaleVoucher } from './online-voucher.js';
import { buildReceipt, type Receipt, type ReceiptParty } from './receipt.js';
import { receiptRefOf } from './recovered.js';
import { finalStateOf } from './final-state.js';
import { canMove, FINAL_STATES, INITIAL_SALE_STATE, TAKES_ITEMS, type SaleState } from './states.js';

/**
 * What one sale is made of: items and/or an amount, and optionally the voucher texts when they do not come from a scanner, mutual aid, and the cashier's cancel signal.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface CheckoutRequest {
  /** The lines of the sale; codes scanned while the sale is open are added. */
  items?: SaleItem[];
  /** Total in fen; with items it must equal their sum, without them it makes one line. */
  amountFen?: number;
  /** The patient's voucher QR text, when it did not come from a scanner. */
  voucher?: string;
  /** Mutual aid (共济): a family member pays from their personal account. */
  mutualAid?: boolean;
  /** The payer's voucher text for mutual aid, when it did not come from a scanner. */
  payerVoucher?: string;
  /** Let the personal account pay, default true. */
  useAccount?: boolean;
  invono?: string;
  /** The cashier's cancel. */
  signal?: AbortSignal;
}

/** What a sale needs from the terminal around it. */
export interface SalePorts {
  saleId: string;
  /** Verifies a code offline (`YBV1:`) or online (a national code), whichever it is. */
  verify(text: string, use: VoucherUse): Promise<SaleVoucher>;
  gateway: Gateway;
  /** 2102 through the journal: intent synced before it leaves, unknown outcomes reversed. */
  settle(req: SettleRequest, meta: SettleMeta): Promise<Settlement>;
  pinPad: PinPad;
  pinKey(): JWK | undefined;
  /** Resolves with the next voucher text scanned (item codes are attached elsewhere). */
  nextVoucher(signal: AbortSignal): Promise<string>;
  clock: Clock;
  pharmacy: { code: string; name: string; region: string };
  emit<E extends keyof TerminalEvents>(event: E, ...args: Parameters<TerminalEvents[E]>): void;
}

/** PIN attempts per sale at most; the gateway's own count decides the lock. */
const MAX_PIN_ATTEMPTS = 3;

/** The two vouchers of a sale: the patient's, and in mutual aid the paying family member's. */
interface Vouchers {
  patient: SaleVoucher;
  payer?: SaleVoucher;
}

/** What pre-settlement fixed: the lines, the total, the person and the request the 2102 repeats. */
interface Quote {
  items: SaleItem[];
  totalFen: number;
  psnNo: string;
  region: string;
  request: SettleRequest;
}

/**
 * One sale. Its state moves only through `SALE_TRANSITIONS` (states.ts), by
 * the sale itself, and ends in a final state it enters itself, also when it
 * fails; an illegal move throws `CHECKOUT_ILLEGAL_MOVE`.
 */
export class Sale {
  #state: SaleState = INITIAL_SALE_STATE;
  #started = false;
  /** Open for scanned items until pre-settlement starts. */
  readonly items: SaleItem[];

  constructor(
    private readonly ports: SalePorts,
    private readonly request: CheckoutRequest,
  ) {
    this.items = (request.items ?? []).map((i) => ({ ...i }));
  }

  get state(): SaleState {
    return this.#state;
  }

  get acceptsItems(): boolean {
    return TAKES_ITEMS.has(this.#state);
  }

  /** Runs the sale once: vouchers, pre-settlement, PIN and settlement, to its receipt or its final state. */
  async run(): Promise<Receipt> {
    if (this.#started) throw illegalMove(this.#state, INITIAL_SALE_STATE);
    this.#started = true;
    const signal = this.request.signal ?? new AbortController().signal;
    this.#announce();
    try {
      const vouchers = await this.#takeVouchers(signal);
      const quote = await this.#preSettle(vouchers, signal);
      return await this.#pay(vouchers, quote, signal);
    } catch (err) {
      // Already final (paid, and a `receipt` listener threw): the sale's state stays true.
      if (!FINAL_STATES.has(this.#state)) this.#enter(finalStateOf(err));
      throw err;
    }
  }

  #enter(state: SaleState): void {
    if (!canMove(this.#state, state)) throw illegalMove(this.#state, state);
    this.#state = state;
    this.#announce();
  }

  #announce(): void {
    this.ports.emit('state', { saleId: this.ports.saleId, state: this.#state });
  }

  #prompt(p: Prompt): void {
    this.ports.emit('prompt', { saleId: this.ports.saleId, ...p });
  }

  #checkCancel(signal: AbortSignal): void {
    if (signal.aborted) throw new CheckoutError('CHECKOUT_CANCELLED');
  }

  /** waiting_voucher → verified (→ waiting_payer_voucher in mutual aid). */
  async #takeVouchers(signal: AbortSignal): Promise<Vouchers> {
    const patient = await this.#takeVoucher('patient', this.request.voucher, signal);
    this.#enter('verified');
    if (!this.request.mutualAid && this.request.payerVoucher === undefined) return { patient };
    this.#enter('waiting_payer_voucher');
    if (this.request.payerVoucher === undefined) this.#prompt({ kind: 'payer-voucher' });
    const payer = await this.#takeVoucher('payer', this.request.payerVoucher, signal);
    if (payer.claims.sub === patient.claims.sub) throw new CheckoutError('CHECKOUT_SAME_PAYER');
    return { patient, payer };
  }

  async #takeVoucher(role: 'patient' | 'payer', given: string | undefined, signal: AbortSignal): Promise<SaleVoucher> {
    this.#checkCancel(signal);
    const text = given ?? (await this.ports.nextVoucher(signal));
    this.#checkCancel(signal);
    // Before the code is used up: a traced line without its lot and dates cannot be uploaded (3505).
    if (role === 'patient') checkTracedLines(this.items);
    const v = await this.ports.verify(text, 'pay');
    this.ports.emit('voucher', shownVoucher(v, role, this.ports.pharmacy.region, true));
    return v;
  }

  /** → pre_settling: the lines are fixed (no more scanned items), 1101 then 2101. */
  async #preSettle({ patient, payer }: Vouchers, signal: AbortSignal): Promise<Quote> {
    const { ports } = this;
    const { items, totalFen } = saleLines(this.items, this.request.amountFen);
    this.#checkCancel(signal);
    this.#enter('pre_settling');
    // 1101 goes to the pharmacy's region; the insured region comes back in its answer.
    const person = await ports.gateway.personInfo(patient.qrText, ports.pharmacy.region, { signal });
    const insurance = chooseInsurance(person.insurances);
    const region = insurance?.insuplcAdmdvs || patient.claims.reg;
    const request: SettleRequest = {
      voucherText: patient.qrText,
      psnNo: person.psnNo,
      insutype: insurance?.insutype ?? '390',
      insuplcAdmdvs: region,
      items,
      totalFen,
      useAccount: this.request.useAccount ?? true,
    };
    if (payer) request.payerVoucherText = payer.qrText;
    if (this.request.invono) request.invono = this.request.invono;
    const preview = await ports.gateway.preSettle(request, { signal });
    ports.emit('presettle', { saleId: ports.saleId, preview });
    return { items, totalFen, psnNo: person.psnNo, region, request };
  }

  /** pin → settling, again after a wrong PIN while the gateway allows it, → paid. */
  async #pay(vouchers: Vouchers, quote: Quote, signal: AbortSignal): Promise<Receipt> {
    const pinKey = this.ports.pinKey();
    if (!pinKey) throw new CheckoutError('CHECKOUT_PIN_KEY_MISSING');
    let triesLeft: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const { msgid, pinBlock } = await this.#askPin(vouchers.payer ?? vouchers.patient, pinKey, quote.totalFen, attempt, triesLeft, signal);
      try {
        return await this.#settle(vouchers, quote, msgid, pinBlock, signal);
      } catch (err) {
        const again = askAgain(err, attempt);
        if (!again) throw err;
        triesLeft = again.triesLeft;
      }
    }
  }

  /** → pin: one PIN entry, sealed to the msgid its 2102 will carry. */
  async #askPin(owner: SaleVoucher, pinKey: JWK, totalFen: number, attempt: number, triesLeft: number | undefined, signal: AbortSignal) {
    this.#checkCancel(signal);
    this.#enter('pin');
    const msgid = this.ports.gateway.newMsgid();
    const pinPrompt: Prompt = { kind: 'pin', amountFen: totalFen, attempt };
    if (owner.claims.nm !== undefined) pinPrompt.payerName = owner.claims.nm;
    if (triesLeft !== undefined) pinPrompt.triesLeft = triesLeft;
    this.#prompt(pinPrompt);
    const pinRequest: PinRequest = { amountFen: totalFen, attempt, jti: owner.claims.jti, msgid, pinKey, signal };
    if (owner.claims.nm !== undefined) pinRequest.payerName = owner.claims.nm;
    if (triesLeft !== undefined) pinRequest.triesLeft = triesLeft;
    const pinBlock = await this.ports.pinPad.requestPin(pinRequest).catch((err: unknown) => {
      throw attempt > 1 && inputEnded(err) ? new PinError('PIN_WRONG', { details: triesLeft === undefined ? {} : { triesLeft }, cause: err }) : err;
    });
    return { msgid, pinBlock };
  }

  /** → settling → paid: 2102 through the journal, then the receipt. */
  async #settle({ patient, payer }: Vouchers, quote: Quote, msgid: string, pinBlock: string, signal: AbortSignal): Promise<Receipt> {
    const { ports } = this;
    this.#checkCancel(signal);
    this.#enter('settling');
    // receiptRef: who the receipt names, journaled so that recovery can still show a sale booked before a crash.
    const meta: SettleMeta = { msgid, jti: patient.claims.jti, signal, receiptRef: receiptRefOf(patient, payer), confirmReceipt: true };
    if (payer) meta.payerJti = payer.claims.jti;
    const settlement = await ports.settle({ ...quote.request, pinBlock }, meta);
    const receipt = buildReceipt({
      time: new Date(ports.clock()),
      pharmacy: { code: ports.pharmacy.code, name: ports.pharmacy.name },
      msgid,
      items: quote.items,
      settlement,
      patient: partyOf(patient, quote.psnNo),
      ...(payer ? { payer: partyOf(payer) } : {}),
      ...(patient.claims.act ? { guardian: { sub: patient.claims.act.sub } } : {}),
      insuredRegion: quote.region,
      pharmacyRegion: ports.pharmacy.region,
      channel: patient.claims.chn,
      verifiedBy: patient.verifiedBy,
    });
    this.#enter('paid');
    ports.emit('receipt', receipt);
    return receipt;
  }
}

/** A wrong PIN is asked again (with the tries the gateway says are left) below the attempt cap and while tries remain. */
function askAgain(err: unknown, attempt: number): { triesLeft: number | undefined } | undefined {
  if (!YibaoError.is(err) || err.code !== 'GATEWAY_PIN_WRONG' || attempt >= MAX_PIN_ATTEMPTS) return undefined;
  const left = (err as YibaoError & { triesLeft?: number }).triesLeft;
  return left === undefined || left > 0 ? { triesLeft: left } : undefined;
}

function illegalMove(from: SaleState, to: SaleState) {
  return new CheckoutError('CHECKOUT_ILLEGAL_MOVE', { details: { from, to } });
}

/**
 * A scripted PIN source (`--pin-stdin`, `ScriptedPinPad`) that ran out after a
 * wrong PIN: the payer did not cancel, so the sale ends on the real cause.
 */
function inputEnded(err: unknown): boolean {
  return PinError.is(err) && err.code === 'PIN_CANCELLED' && err.details.reason === PIN_INPUT_ENDED;
}

/** The insurance a pharmacy sale settles on: a normal (status 1) employee one first, then any normal one, then the first. */
export function chooseInsurance(list: readonly Insurance[]): Insurance | undefined {
  const normal = list.filter((i) => i.status === '1');
  return normal.find((i) => i.insutype === '310') ?? normal[0] ?? list.find((i) => i.insutype === '310') ?? list[0];
}

function partyOf(v: SaleVoucher, psnNo?: string): ReceiptParty {
  const p: ReceiptParty = { sub: v.claims.sub };
  if (v.claims.nm !== undefined) p.name = v.claims.nm;
  if (psnNo !== undefined) p.psnNo = psnNo;
  return p;
}

export function shownVoucher(v: Pick<SaleVoucher, 'claims' | 'verifiedBy'>, role: 'patient' | 'payer', pharmacyRegion: string, consumed: boolean): VoucherShown {
  const c = v.claims;
  const shown: VoucherShown = { role, sub: c.sub, region: c.reg, crossRegion: c.reg !== pharmacyRegion, channel: c.chn, verifiedBy: v.verifiedBy, consumed };
  if (c.nm !== undefined) shown.name = c.nm;
  if (c.idm !== undefined) shown.idMasked = c.idm;
  if (c.act) shown.guardianSub = c.act.sub;
  return shown;
}
