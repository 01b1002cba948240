/**
 * What recovery settled, as the cashier is told it (pure). A sale the
 * gateway booked whose receipt never reached the cashier is KEPT: the
 * customer paid, so the terminal shows it as paid, with its receipt, before
 * it takes the next sale; it is never voided behind the customer's back
 * (they may have left with the goods). The cashier can cancel it (2103) if
 * the customer is still there and wants that.
 *
 * @module
 */
import type { RecoveredEntry } from '../journal/types.js';
import type { VoucherClaims } from '../voucher/types.js';
import { buildReceipt, type Receipt, type ReceiptParty } from './receipt.js';

/**
 * A sale or cancel that recovery finished when the terminal started (`terminal.recovered`), with the receipt of a sale that stayed paid.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface RecoveredSale {
  msgid: string;
  /** 2102 a sale, 2103 a cancel. */
  infno: '2102' | '2103';
  /** See RecoveredEntry.outcome: `paid` comes with its receipt. */
  outcome: RecoveredEntry['outcome'];
  amountFen: number;
  psnNo: string;
  receipt?: Receipt;
  /** 2103: the settlement the cancel was for. */
  setlId?: string;
}

/** The non-secret facts journaled with a 2102 so that its receipt can be rebuilt (no PIN, no voucher text). */
export function receiptRefOf(patient: { claims: VoucherClaims }, payer: { claims: VoucherClaims } | undefined): Record<string, string> {
  const c = patient.claims;
  const ref: Record<string, string> = { sub: c.sub, region: c.reg, channel: c.chn };
  if (c.nm !== undefined) ref.name = c.nm;
  if (c.act) ref.guardianSub = c.act.sub;
  if (payer) {
    ref.payerSub = payer.claims.sub;
    if (payer.claims.nm !== undefined) ref.payerName = payer.claims.nm;
  }
  return ref;
}

const party = (sub: string | undefined, name: string | undefined, psnNo?: string): ReceiptParty => {
  const p: ReceiptParty = { sub: sub ?? '' };
  if (name !== undefined) p.name = name;
  if (psnNo !== undefined) p.psnNo = psnNo;
  return p;
};

export function recoveredSale(e: RecoveredEntry, pharmacy: { code: string; name: string; region: string }, now: number): RecoveredSale {
  const sale: RecoveredSale = { msgid: e.msgid, infno: e.infno === '2103' ? '2103' : '2102', outcome: e.outcome, amountFen: e.amountFen, psnNo: e.psnNo };
  if (e.setlId !== undefined) sale.setlId = e.setlId;
  if (e.outcome === 'paid' && e.settlement) {
    const r = e.ref;
    sale.receipt = buildReceipt({
      time: new Date(e.bookedAt ?? now),
      pharmacy: { code: pharmacy.code, name: pharmacy.name },
      msgid: e.msgid,
      items: e.items,
      settlement: e.settlement,
      patient: party(r.sub, r.name, e.psnNo),
      ...(r.payerSub !== undefined ? { payer: party(r.payerSub, r.payerName) } : {}),
      ...(r.guardianSub !== undefined ? { guardian: party(r.guardianSub, undefined) } : {}),
      insuredRegion: r.region ?? pharmacy.region,
      pharmacyRegion: pharmacy.region,
      channel: r.channel ?? '',
    });
  }
  return sale;
}
