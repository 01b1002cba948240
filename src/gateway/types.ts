/**
 * SDK-side types of the settlement gateway protocol (shared/spec/gateway.md).
 * Money is integer fen here; decimal yuan exists only on the wire.
 *
 * @module
 */

/**
 * Transaction codes used by this SDK.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type Infno = '9001' | '9002' | '1101' | '2101' | '2102' | '2103' | '2601' | '3201' | '5203';

/**
 * The money messages the journal records.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type MoneyInfno = '2102' | '2103' | '2601';

/**
 * Insurance type: 310 employee (has a personal account), 390 resident (none).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type Insutype = '310' | '390' | (string & {});

/**
 * One line of a sale.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface SaleItem {
  /** National drug code (医保目录编码, `med_list_codg`); also `medins_list_codg` unless given apart. */
  code: string;
  /** The pharmacy's own code for it, defaults to `code`. */
  localCode?: string;
  name?: string;
  /** Quantity, a positive integer count of units. */
  qty: number;
  /** Unit price in fen. */
  priceFen: number;
  /** Drug traceability code (药品追溯码) scanned for this item, if any. */
  traceCode?: string;
}

/**
 * Output of 1101 person info.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface PersonInfo {
  psnNo: string;
  /** Masked. */
  name: string;
  /** Masked. */
  certno: string;
  insurances: Array<{ insutype: Insutype; balanceFen: number; status: string; insuplcAdmdvs: string }>;
}

/**
 * `setlinfo` of 2101/2102/5203, in fen.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface Settlement {
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  totalFen: number;
  fundPayFen: number;
  acctPayFen: number;
  acctMulaidPayFen: number;
  cashFen: number;
  /** Personal-account balance after (the payer's, in a mutual-aid sale). */
  balanceFen: number;
}

/**
 * What 2101 and 2102 take.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface SettleRequest {
  /** The patient's verified voucher QR text (`mdtrt_cert_no`). */
  voucherText: string;
  psnNo: string;
  insutype: Insutype;
  /** The insured person's region, from the voucher's `reg` (`insuplc_admdvs`). */
  insuplcAdmdvs: string;
  items: SaleItem[];
  /** Sum of the items, in fen (checked against them). */
  totalFen: number;
  /** Let the personal account pay (`acct_used_flag`), default true. */
  useAccount?: boolean;
  /** Mutual aid (共济): the payer's voucher QR text (`payer_cert_no`). */
  payerVoucherText?: string;
  /** 2102 only: invoice number. */
  invono?: string;
  /** 2102 only: the sealed PIN block (compact JWE), never the PIN. */
  pinBlock?: string;
}

/**
 * Per-call options of a money message: the msgid is chosen (and journaled) by the caller.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface MessageOptions {
  msgid: string;
  signal?: AbortSignal;
}

/**
 * The settlement gateway as the rest of the SDK sees it.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface Gateway {
  /** A fresh msgid (30 chars), unique for this terminal, also across restarts. */
  newMsgid(): string;
  signIn(): Promise<{ signNo: string; signTime: string }>;
  signOut(): Promise<void>;
  personInfo(voucherText: string, insuplcAdmdvs: string, opts?: { signal?: AbortSignal }): Promise<PersonInfo>;
  preSettle(req: SettleRequest, opts?: { signal?: AbortSignal }): Promise<Settlement>;
  settle(req: SettleRequest, opts: MessageOptions): Promise<Settlement>;
  cancel(req: { psnNo: string; setlId: string; mdtrtId: string; insuplcAdmdvs: string }, opts: MessageOptions): Promise<{ acctPayFen: number; acctMulaidPayFen: number; balanceFen: number }>;
  /** 2601: void `omsgid`; succeeds whether or not it was booked. */
  reverse(req: { psnNo: string; omsgid: string; oinfno: MoneyInfno; insuplcAdmdvs: string }, opts: MessageOptions): Promise<void>;
  /** 5203 by original msgid: the settlement, or null when the gateway has none (`NOT_FOUND`). */
  query(req: { psnNo: string; omsgid: string; insuplcAdmdvs: string }, opts?: { signal?: AbortSignal }): Promise<Settlement | null>;
  /** 3201 reconciliation totals for a day range. */
  reconcile(req: { beginDate: string; endDate: string; totalFen: number; acctPayFen: number; count: number }): Promise<{ balanced: boolean; gateway: { totalFen: number; acctPayFen: number; count: number } }>;
}

/**
 * Hands out the 4-digit msgid sequence for one second (`yyyyMMddHHmmss`).
 * The journal provides a durable one, so a restarted terminal never reuses a
 * msgid within the same second; the default lives in memory.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface SequenceStore {
  /** The next unused sequence for that second, 0..9999; throws when exhausted. */
  nextSeq(second: string): number;
}
