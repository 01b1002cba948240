/**
 * Pure mappings from what the terminal reports (vouchers, pre-settlement,
 * receipts, typed errors) to what the page shows (api.ts). No I/O.
 *
 * @module
 */
import { basketLine, fenToYuan, YibaoError, type Receipt, type SaleItem, type Settlement, type VoucherShown } from 'yibao-pos';
import type { BasketLine, Money, PersonShown, PinPrompt, ReceiptShown, Refusal, Split } from '../api.js';
import type { PagePrompt } from './page-pin-pad.js';

export const money = (fen: number): Money => ({ fen, yuan: fenToYuan(fen) });

/** First 4 and last 4 characters of a credential id. */
export function maskSub(sub: string): string {
  return sub.length <= 8 ? '*'.repeat(sub.length) : `${sub.slice(0, 4)}${'*'.repeat(sub.length - 8)}${sub.slice(-4)}`;
}

export function basketView(items: readonly SaleItem[]): { lines: BasketLine[]; total: Money } {
  const lines = items.map((i, index) => {
    const line = basketLine(i, index);
    return { code: i.code, name: i.name ?? i.code, qty: line.qty, price: line.price, sum: money(line.fen) };
  });
  return { lines, total: money(lines.reduce((s, l) => s + l.sum.fen, 0)) };
}

export function personView(v: VoucherShown): PersonShown {
  const p: PersonShown = { subMasked: maskSub(v.sub), region: v.region, crossRegion: v.crossRegion, channel: v.channel };
  if (v.name !== undefined) p.name = v.name;
  return p;
}

export function splitView(s: Settlement): Split {
  return { total: money(s.totalFen), fund: money(s.fundPayFen), account: money(s.acctPayFen), mutualAid: money(s.acctMulaidPayFen), cash: money(s.cashFen) };
}

export function promptView(p: PagePrompt): PinPrompt {
  const r = p.request;
  const out: PinPrompt = { id: p.id, attempt: r.attempt, amount: money(r.amountFen), jti: r.jti, msgid: r.msgid, pinKey: { ...r.pinKey } };
  if (r.triesLeft !== undefined) out.triesLeft = r.triesLeft;
  if (r.payerName !== undefined) out.payerName = r.payerName;
  return out;
}

export function receiptView(r: Receipt, patient: PersonShown | undefined, payer: PersonShown | undefined): ReceiptShown {
  const party = (shown: PersonShown | undefined, sub: string, name?: string): PersonShown =>
    shown ?? { subMasked: maskSub(sub), region: r.insuredRegion, crossRegion: r.crossRegion, channel: r.channel, ...(name !== undefined ? { name } : {}) };
  const out: ReceiptShown = {
    time: r.time,
    pharmacy: r.pharmacy.name,
    setlId: r.setlId,
    total: money(r.totalFen),
    fund: money(r.fundPayFen),
    account: money(r.acctPayFen),
    mutualAid: money(r.acctMulaidPayFen),
    cash: money(r.cashFen),
    balanceAfter: money(r.balanceAfterFen),
    patient: party(patient, r.patient.sub, r.patient.name),
  };
  if (r.payer) out.payer = party(payer, r.payer.sub, r.payer.name);
  return out;
}

/** A typed error as the page shows it; anything else is a generic fault, never its text. */
export function refusalView(err: unknown): Refusal {
  if (YibaoError.is(err)) {
    const unknownOutcome = (err as { outcome?: string }).outcome === 'unknown';
    return { code: err.code, zh: err.messages.zh, en: err.messages.en, nothingCharged: !unknownOutcome };
  }
  return { code: 'KIOSK_FAULT', zh: '自助机出现故障，本笔未扣款，请到柜台办理', en: 'The kiosk failed; nothing was charged, please pay at the counter', nothingCharged: true };
}
