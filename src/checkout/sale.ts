/**
 * One sale, from the patient's voucher to the receipt. Straight-line async
 * code over injected ports; each step announces its state, so the sequence
 * below is the state machine (see states.ts).
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
import { saleLines } from './items.js';
import type { SaleVoucher } from './online-voucher.js';
import { buildReceipt, type Receipt, type ReceiptParty } from './receipt.js';
import { receiptRefOf } from './recovered.js';
import type { SaleState } from './states.js';

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

export class Sale {
  state: SaleState = 'waiting_voucher';
  /** Open for scanned items until pre-settlement starts. */
  readonly items: SaleItem[];
  private itemsFrozen = false;

  constructor(
    private readonly ports: SalePorts,
    private readonly request: CheckoutRequest,
  ) {
    this.items = (request.items ?? []).map((i) => ({ ...i }));
  }

  get acceptsItems(): boolean {
    return !this.itemsFrozen;
  }

  private enter(state: SaleState): void {
    this.state = state;
    this.ports.emit('state', { saleId: this.ports.saleId, state });
  }

  private prompt(p: Prompt): void {
    this.ports.emit('prompt', { saleId: this.ports.saleId, ...p });
  }

  private checkCancel(signal: AbortSignal): void {
    if (signal.aborted) throw new CheckoutError('CHECKOUT_CANCELLED');
  }

  async run(): Promise<Receipt> {
    const signal = this.request.signal ?? new AbortController().signal;
    const { ports } = this;
    this.enter('waiting_voucher');
    const patient = await this.takeVoucher('patient', this.request.voucher, signal);

    let payer: SaleVoucher | undefined;
    if (this.request.mutualAid || this.request.payerVoucher !== undefined) {
      this.enter('waiting_payer_voucher');
      if (this.request.payerVoucher === undefined) this.prompt({ kind: 'payer-voucher' });
      payer = await this.takeVoucher('payer', this.request.payerVoucher, signal);
      if (payer.claims.sub === patient.claims.sub) throw new CheckoutError('CHECKOUT_SAME_PAYER');
    }

    this.itemsFrozen = true;
    const { items, totalFen } = saleLines(this.items, this.request.amountFen);
    this.checkCancel(signal);
    this.enter('pre_settling');
    // 1101 goes to the pharmacy's region; the insured region comes back in its answer.
    const person = await ports.gateway.personInfo(patient.qrText, ports.pharmacy.region, { signal });
    const insurance = chooseInsurance(person.insurances);
    const region = insurance?.insuplcAdmdvs || patient.claims.reg;
    const base: SettleRequest = {
      voucherText: patient.qrText,
      psnNo: person.psnNo,
      insutype: insurance?.insutype ?? '390',
      insuplcAdmdvs: region,
      items,
      totalFen,
      useAccount: this.request.useAccount ?? true,
    };
    if (payer) base.payerVoucherText = payer.qrText;
    if (this.request.invono) base.invono = this.request.invono;
    const preview = await ports.gateway.preSettle(base, { signal });
    ports.emit('presettle', { saleId: ports.saleId, preview });

    const pinKey = ports.pinKey();
    if (!pinKey) throw new CheckoutError('CHECKOUT_PIN_KEY_MISSING');
    const pinOwner = payer ?? patient;
    let triesLeft: number | undefined;
    for (let attempt = 1; ; attempt++) {
      this.checkCancel(signal);
      this.enter('pin');
      const msgid = ports.gateway.newMsgid();
      const pinPrompt: Prompt = { kind: 'pin', amountFen: totalFen, attempt };
      if (pinOwner.claims.nm !== undefined) pinPrompt.payerName = pinOwner.claims.nm;
      if (triesLeft !== undefined) pinPrompt.triesLeft = triesLeft;
      this.prompt(pinPrompt);
      const pinRequest: PinRequest = {
        amountFen: totalFen,
        attempt,
        jti: pinOwner.claims.jti,
        msgid,
        pinKey,
        signal,
      };
      if (pinOwner.claims.nm !== undefined) pinRequest.payerName = pinOwner.claims.nm;
      if (triesLeft !== undefined) pinRequest.triesLeft = triesLeft;
      const pinBlock = await ports.pinPad.requestPin(pinRequest).catch((err: unknown) => {
        throw attempt > 1 && inputEnded(err) ? new PinError('PIN_WRONG', { details: triesLeft === undefined ? {} : { triesLeft }, cause: err }) : err;
      });
      this.checkCancel(signal);
      this.enter('settling');
      try {
        // receiptRef: who the receipt names, journaled so that recovery can still show a sale booked before a crash.
        const meta: SettleMeta = { msgid, jti: patient.claims.jti, signal, receiptRef: receiptRefOf(patient, payer), confirmReceipt: true };
        if (payer) meta.payerJti = payer.claims.jti;
        const settlement = await ports.settle({ ...base, pinBlock }, meta);
        const receipt = buildReceipt({
          time: new Date(ports.clock()),
          pharmacy: { code: ports.pharmacy.code, name: ports.pharmacy.name },
          msgid,
          items,
          settlement,
          patient: partyOf(patient, person.psnNo),
          ...(payer ? { payer: partyOf(payer) } : {}),
          ...(patient.claims.act ? { guardian: { sub: patient.claims.act.sub } } : {}),
          insuredRegion: region,
          pharmacyRegion: ports.pharmacy.region,
          channel: patient.claims.chn,
          verifiedBy: patient.verifiedBy,
        });
        this.enter('paid');
        ports.emit('receipt', receipt);
        return receipt;
      } catch (err) {
        if (YibaoError.is(err) && err.code === 'GATEWAY_PIN_WRONG' && attempt < MAX_PIN_ATTEMPTS) {
          const left = (err as YibaoError & { triesLeft?: number }).triesLeft;
          if (left === undefined || left > 0) {
            triesLeft = left;
            continue;
          }
        }
        throw err;
      }
    }
  }

  private async takeVoucher(role: 'patient' | 'payer', given: string | undefined, signal: AbortSignal): Promise<SaleVoucher> {
    this.checkCancel(signal);
    const text = given ?? (await this.ports.nextVoucher(signal));
    this.checkCancel(signal);
    const v = await this.ports.verify(text, 'pay');
    this.ports.emit('voucher', shownVoucher(v, role, this.ports.pharmacy.region, true));
    if (role === 'patient') this.enter('verified');
    return v;
  }
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
