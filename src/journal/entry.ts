/**
 * What the journal keeps: one entry per outgoing money message, how it is
 * written first (`NewEntry`) and changed after. No field ever holds a PIN
 * or a PIN block. The outbox's rows name their entry; the stores
 * (store.ts) keep both.
 *
 * @module
 */
import type { MoneyInfno, SaleItem } from '../gateway/types.js';
import type { EntryState } from './states.js';

/**
 * One journal row as the API shows it.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface JournalEntry {
  /**
   * Columns of the stored row that did not parse (`JOURNAL_ROW_CORRUPT`): the
   * row is listed for the operator but never acted on (recovery, reversals and
   * the next sale pass it by), so one damaged row cannot stop the terminal.
   */
  corrupt?: string[];
  msgid: string;
  infno: MoneyInfno;
  state: EntryState;
  psnNo: string;
  insuplcAdmdvs: string;
  jti: string | null;
  payerJti: string | null;
  amountFen: number;
  items: SaleItem[];
  /** Non-secret facts the message needs again (2103: setlId, mdtrtId; 2102: who the receipt names). */
  ref: Record<string, string>;
  /** 2601: the message it voids. */
  omsgid: string | null;
  /** The gateway's answer (2102: the settlement, in fen) or null. */
  answer: unknown;
  /** The refusal or failure code, when there was one. */
  errorCode: string | null;
  /** Reversal attempts made for this entry (2102/2103), read from its `reversal` outbox row. */
  attempts: number;
  /** When its reversal is due next (from its outbox row), else null. */
  nextAttemptAt: number | null;
  createdAt: number;
  updatedAt: number;
  bookedAt: number | null;
  /**
   * 2102: when the cashier was given the receipt (null: booked, but the
   * receipt may never have reached the cashier; recovery shows it).
   */
  shownAt: number | null;
  /**
   * 2102 (and 2103, from its sale): how the platform clears it, for 3201's
   * groups. Entries of a journal made before these were kept have none
   * (`entryClearing` derives them).
   */
  clearing?: Clearing;
}

/**
 * How a settlement clears: insurance type, clearing type (`clr_type`),
 * clearing region (`clr_optins`: the insured person's agency, so an 异地 sale
 * clears apart) and what the fund paid.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface Clearing {
  insutype: string;
  clrType: string;
  clrOptins: string;
  fundPayFen: number;
}

export interface NewEntry {
  msgid: string;
  infno: MoneyInfno;
  psnNo: string;
  insuplcAdmdvs: string;
  jti?: string | undefined;
  payerJti?: string | undefined;
  amountFen: number;
  items?: SaleItem[];
  ref?: Record<string, string>;
  omsgid?: string;
  /** 2102: the insurance type it settles on. */
  insutype?: string;
}

export interface StateChange {
  answer?: unknown;
  errorCode?: string | null;
  bookedAt?: number;
  /** A booked 2102: its clearing type, region and fund pay (from the answer). */
  clearing?: Omit<Clearing, 'insutype'>;
}

/**
 * Which entries `Journal.list` and `readJournalEntries` return: those in one state and/or of one transaction.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface EntryFilter {
  state?: EntryState;
  infno?: MoneyInfno;
}

/** Items as stored: only the fields of a SaleItem, whatever else the caller's objects hold. */
export function cleanItems(items: readonly SaleItem[]): SaleItem[] {
  return items.map((i) => {
    const out: SaleItem = { code: i.code, qty: i.qty, priceFen: i.priceFen };
    if (i.price !== undefined) out.price = i.price;
    if (i.partPack !== undefined) out.partPack = i.partPack;
    if (i.localCode !== undefined) out.localCode = i.localCode;
    if (i.name !== undefined) out.name = i.name;
    if (i.traceCode !== undefined) out.traceCode = i.traceCode;
    if (i.traceCodes !== undefined) out.traceCodes = [...i.traceCodes];
    for (const k of ['lot', 'madeOn', 'expiresOn', 'stockBatch', 'packUnit', 'saleUnit'] as const) if (i[k] !== undefined) out[k] = i[k];
    if (i.rx !== undefined) out.rx = i.rx;
    if (i.prescription !== undefined) out.prescription = { ...i.prescription };
    return out;
  });
}

/** A new entry as its first row (state `intent`). */
export function entryOf(e: NewEntry, now: number): JournalEntry {
  return {
    msgid: e.msgid,
    infno: e.infno,
    state: 'intent',
    psnNo: e.psnNo,
    insuplcAdmdvs: e.insuplcAdmdvs,
    jti: e.jti ?? null,
    payerJti: e.payerJti ?? null,
    amountFen: e.amountFen,
    items: cleanItems(e.items ?? []),
    ref: { ...(e.ref ?? {}) },
    omsgid: e.omsgid ?? null,
    answer: null,
    errorCode: null,
    attempts: 0,
    nextAttemptAt: null,
    createdAt: now,
    updatedAt: now,
    bookedAt: null,
    shownAt: null,
    ...(e.insutype ? { clearing: { insutype: e.insutype, clrType: '', clrOptins: '', fundPayFen: 0 } } : {}),
  };
}
