/**
 * The receipt of a sale: the data of the account movement notice (动账提醒)
 * the insured person receives, plus what the counter prints.
 *
 * @module
 */
import type { SaleItem, Settlement } from '../gateway/types.js';
import type { VerifiedBy } from './online-voucher.js';

/**
 * A person on the receipt: credential id, masked name, insured person number.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface ReceiptParty {
  /** Masked name from the voucher (`nm`), e.g. `张*三`. */
  name?: string;
  /** Credential id (`sub`) — printed masked. */
  sub: string;
  psnNo?: string;
}

/**
 * What a paid sale resolves with: pharmacy, msgid, settlement ids, items and the split (fund, account, mutual aid, cash), all money in integer fen.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface Receipt {
  /** ISO 8601 time of the settlement, terminal clock. */
  time: string;
  pharmacy: { code: string; name: string };
  msgid: string;
  setlId: string;
  mdtrtId: string;
  items: SaleItem[];
  totalFen: number;
  fundPayFen: number;
  acctPayFen: number;
  acctMulaidPayFen: number;
  /** Cash the cashier collects. */
  cashFen: number;
  /** Personal-account balance after, of whoever's account paid. */
  balanceAfterFen: number;
  patient: ReceiptParty;
  /** Mutual aid (共济): the family member whose account paid. */
  payer?: ReceiptParty;
  /** Family account (亲情账户): the guardian who showed the patient's code. */
  guardian?: ReceiptParty;
  /** Insured region (`reg`), and whether it differs from the pharmacy's (异地). */
  insuredRegion: string;
  crossRegion: boolean;
  channel: string;
  /** Which path verified the patient's code: `offline` (signed voucher) or `online` (national code decoded by the platform). */
  verifiedBy: VerifiedBy;
}

export interface ReceiptInput {
  time: Date;
  pharmacy: { code: string; name: string };
  msgid: string;
  items: SaleItem[];
  settlement: Settlement;
  patient: ReceiptParty;
  payer?: ReceiptParty;
  guardian?: ReceiptParty;
  insuredRegion: string;
  pharmacyRegion: string;
  channel: string;
  /** Default `offline`. */
  verifiedBy?: VerifiedBy;
}

export function buildReceipt(input: ReceiptInput): Receipt {
  const s = input.settlement;
  const receipt: Receipt = {
    time: input.time.toISOString(),
    pharmacy: input.pharmacy,
    msgid: input.msgid,
    setlId: s.setlId,
    mdtrtId: s.mdtrtId,
    items: input.items.map((i) => ({ ...i })),
    totalFen: s.totalFen,
    fundPayFen: s.fundPayFen,
    acctPayFen: s.acctPayFen,
    acctMulaidPayFen: s.acctMulaidPayFen,
    cashFen: s.cashFen,
    balanceAfterFen: s.balanceFen,
    patient: input.patient,
    insuredRegion: input.insuredRegion,
    crossRegion: input.insuredRegion !== input.pharmacyRegion,
    channel: input.channel,
    verifiedBy: input.verifiedBy ?? 'offline',
  };
  if (input.payer) receipt.payer = input.payer;
  if (input.guardian) receipt.guardian = input.guardian;
  return receipt;
}

/** Credential ids are printed with only their ends visible. */
export function maskId(id: string): string {
  if (id.length <= 8) return `${id.slice(0, 2)}****`;
  return `${id.slice(0, 4)}${'*'.repeat(Math.min(8, id.length - 8))}${id.slice(-4)}`;
}
