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
export type Infno = '9001' | '9002' | '1101' | '1162' | '1312' | '2101' | '2102' | '2103' | '2601' | '3201' | '3202' | '3505' | '3506' | '5203' | '9101' | '9102';

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
 * A pharmacy as the gateway knows it: the one identity type that the
 * terminal's configuration, the gateway client and the simulator share.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface Pharmacy {
  /** The pharmacy's code (`fixmedins_code`, 12 characters: the msgid prefix). */
  fixmedinsCode: string;
  /** The pharmacy's name (`fixmedins_name`). */
  fixmedinsName: string;
  /** The pharmacy's region (`mdtrtarea_admvs`), six digits. */
  mdtrtAreaAdmvs: string;
}

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
  /**
   * Quantity (`cnt`, 16,4): a positive count, whole or with up to 4 decimals
   * (`"0.4167"` of a box, or `10` tablets at a per-tablet `price`). Strings
   * keep decimals exact; a number is read through its shortest text.
   */
  qty: number | string;
  /** Unit price in fen; or give `price`. */
  priceFen?: number;
  /** Unit price in yuan with up to 6 decimals (`pric`, 16,6), e.g. `"0.558333"` per tablet; wins over `priceFen`. */
  price?: string;
  /** Part pack (拆零): printed on the receipt, e.g. `"10/24片"`. Implied when `qty` is not whole. */
  partPack?: string;
  /** Drug traceability code (药品追溯码) scanned for this item, if any. */
  traceCode?: string;
  /** Every trace code scanned for this line, one per box (a line of 3 boxes has 3); `traceCode` is the first. */
  traceCodes?: string[];
  /** 生产批号 (`manu_lotnum`, at most 30 characters); a line with trace codes needs it. */
  lot?: string;
  /** 生产日期 (`manu_date`), `YYYY-MM-DD`; a line with trace codes needs it. */
  madeOn?: string;
  /** 有效期止 (`expy_end`), `YYYY-MM-DD`; a line with trace codes needs it. */
  expiresOn?: string;
  /** 定点医药机构批次流水号 (`fixmedins_bchno`): the stock batch the line leaves, at most 30 characters; default the lot. */
  stockBatch?: string;
  /** The unit the item is stocked in (包装单位, e.g. `盒`). */
  packUnit?: string;
  /** The unit it is sold in at this sale (e.g. `片`): another unit than `packUnit` is a split sale (拆零, `trdn_flag` 1). */
  saleUnit?: string;
  /** A prescription drug (`rx_flag` 1). */
  rx?: boolean;
  /** The prescription the line is sold on, when there is one. */
  prescription?: Prescription;
}

/**
 * A line's prescription: its number, the prescriber and the diagnosis, each sent where the interface has a field for it.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface Prescription {
  /** 处方号 (`rxno`, at most 40 characters). */
  rxno?: string;
  /** 开方医师 (`prsc_dr_name` in 3505/3506, `bilg_dr_name` in 2101/2102). */
  doctorName?: string;
  /** The prescriber's national code (`bilg_dr_codg`). */
  doctorCode?: string;
  /** 病种编码 / 名称 (`dise_codg`, `dise_name`). */
  diseCode?: string;
  diseName?: string;
  /** An outside prescription (外购处方, `rx_circ_flag` 1). */
  external?: boolean;
}

/**
 * The pharmacist on duty (`phar_name`, `phar_prac_cert_no` of 3505/3506).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface Pharmacist {
  name: string;
  /** 药师执业资格证号. */
  certNo: string;
}

/** One insurance of 1101's `insuinfo[]`. */
export interface Insurance {
  insutype: Insutype;
  balanceFen: number;
  /** `psn_insu_stas`: 1 normal, 2 suspended (national code list). */
  status: string;
  insuplcAdmdvs: string;
  /** `psn_type` 人员类别, when given. */
  psnType?: string;
  /** `psn_insu_date` 个人参保日期, `yyyy-MM-dd`, when given. */
  insuDate?: string;
  /** `paus_insu_date` 暂停参保日期, when given. */
  pausInsuDate?: string;
  cvlservFlag?: string;
  empName?: string;
}

/** One special identity of 1101's `idetinfo[]` (e.g. a disability level). */
export interface Identity {
  psnIdetType: string;
  psnTypeLv?: string;
  memo?: string;
  begntime?: string;
  endtime?: string;
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
  psnCertType?: string;
  gend?: string;
  brdy?: string;
  insurances: Insurance[];
  identities: Identity[];
}

/** What 1101 takes: the seven inputs of the national interface. */
export interface PersonInfoRequest {
  /** `01` electronic voucher (default), `02` id card, `03` social security card. */
  mdtrtCertType?: '01' | '02' | '03';
  /** At most 50 characters; for a `YBV1:` voucher, the client sends a short reference and the JWS apart. */
  mdtrtCertNo: string;
  cardSn?: string;
  /** `yyyy-MM-dd HH:mm:ss`: ask for the insurance valid at that time. */
  begntime?: string;
  psnCertType?: string;
  certno?: string;
  psnName?: string;
  /** The region to send 1101 to; default the pharmacy's (the answer tells the insured region). */
  insuplcAdmdvs?: string;
}

/** National `setlinfo` fields beyond the SDK's own (present when the gateway sent them). */
export interface NationalSetlInfo {
  setlTime?: string;
  /** The pharmacy's settlement id: the gateway stores the sender's msgid here. */
  medinsSetlId?: string;
  clrType?: string;
  clrWay?: string;
  clrOptins?: string;
  insutype?: string;
  psnType?: string;
  refdSetlFlag?: string;
  /** Everything the person paid (account + cash). */
  psnPayFen?: number;
  /** Basic medical insurance pooled fund (统筹). */
  hifpPayFen?: number;
  inscpScpAmtFen?: number;
  fulamtOwnpayAmtFen?: number;
  /** `psn_part_amt` 个人负担总金额: the person's part (account + cash), when sent. */
  psnPartFen?: number;
  /** `hosp_part_amt` 医院负担金额: the part the pharmacy bears, when sent. */
  hospPartFen?: number;
  /** `warn_msg` of the answer envelope. */
  warnMsg?: string;
  setldetail?: Array<{ fundPayType: string; fundPayTypeName?: string; fundPayamtFen: number }>;
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
  /** Personal-account balance after (the payer's, in a mutual-aid sale); 0 when the gateway left it blank. */
  balanceFen: number;
  /** National fields beyond these, when the gateway sent them. */
  national?: NationalSetlInfo;
}

/**
 * What 2101 and 2102 take.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface SettleRequest {
  /** The patient's verified voucher QR text (`mdtrt_cert_no`); with type 02/03 the id number or card number. */
  voucherText: string;
  /** `mdtrt_cert_type`: 01 voucher (default), 02 resident id card, 03 social security card (with `cardSn`). */
  mdtrtCertType?: '01' | '02' | '03';
  /** 03: the social security card's serial number (`card_sn`). */
  cardSn?: string;
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
 * 2103's result: what was refunded (positive), and the balance after.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface CancelResult {
  acctPayFen: number;
  acctMulaidPayFen: number;
  balanceFen: number;
  /** Cash to hand back, when the gateway says (0 when it leaves it blank). */
  cashFen?: number;
  national?: NationalSetlInfo;
}

/**
 * 5203 as the national interface has it: by `setlId` + `mdtrtId`.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface SettlementQuery {
  psnNo: string;
  insuplcAdmdvs: string;
  setlId: string;
  mdtrtId: string;
}

/** 3202 input: the day range, the detail file's `file_qury_no` (9101) and the totals it holds. */
export interface DetailReconcileRequest {
  fileQuryNo: string;
  beginDate: string;
  endDate: string;
  totalFen: number;
  fundPayFen: number;
  cashFen: number;
  count: number;
  clrType?: string;
  setlOptins?: string;
}

/**
 * 3201 input: totals of a day range for one insurance type + clearing type + agency.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface ReconcileRequest {
  beginDate: string;
  endDate: string;
  totalFen: number;
  acctPayFen: number;
  count: number;
  /** `fund_pay_sumamt` (national shape only); default 0. */
  fundPayFen?: number;
  /** The national shape, one insurance type; absent: all types together (extension). */
  insutype?: string;
  /** `clr_type`, default `41` (pharmacy purchases). */
  clrType?: string;
  /** `setl_optins`, default the pharmacy's region. */
  setlOptins?: string;
  /**
   * `refd_setl_flag` (national shape): which settlements the totals hold.
   * `1` (default): standing sales only, a cancelled sale and its cancel both
   * left out; `0`: every sale of the days and every cancel of the days (as a
   * negative amount and one settlement more). See docs/national-sale.md.
   */
  refdSetlFlag?: '0' | '1';
}

/**
 * 3201's result: balanced or not, and the gateway's totals.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface ReconcileResult {
  balanced: boolean;
  /** The gateway's totals: its own when it sent them (`totalsFromGateway`), else the ones sent. */
  gateway: { totalFen: number; acctPayFen: number; count: number };
  totalsFromGateway?: boolean;
  /** `stmt_rslt_dscr`. */
  description?: string;
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
 * What a 2601 answer says of the original, when it says anything (`kept`: a cancel that stands).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface ReversalAnswer {
  result?: string;
}

/**
 * The settlement gateway as the rest of the SDK sees it.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface Gateway {
  /** A fresh msgid (30 chars), unique for this terminal, also across restarts. */
  newMsgid(): string;
  signIn(): Promise<SignIn>;
  signOut(): Promise<void>;
  /** The operator (cashier) of the messages that follow; each signs in on their own, once a day (optional). */
  setOperator?(opter: string, opterName?: string): void;
  /** 1101; the insured region comes back in `insurances[].insuplcAdmdvs`. */
  personInfo(voucher: string | PersonInfoRequest, insuplcAdmdvs?: string, opts?: { signal?: AbortSignal }): Promise<PersonInfo>;
  preSettle(req: SettleRequest, opts?: { signal?: AbortSignal }): Promise<Settlement>;
  settle(req: SettleRequest, opts: MessageOptions): Promise<Settlement>;
  cancel(req: CancelRequest, opts: MessageOptions): Promise<CancelResult>;
  /** 2601: void `omsgid`; succeeds whether or not it was booked. */
  reverse(req: ReversalRequest, opts: MessageOptions): Promise<ReversalAnswer | void>;
  /**
   * 5203 by original msgid (extension: what recovery knows when the answer
   * never came): the settlement, or null when the gateway has none.
   */
  query(req: MessageQuery, opts?: { signal?: AbortSignal }): Promise<Settlement | null>;
  /** 1162: decodes a national voucher code online into its ecToken and holder (optional: gateways without it take offline vouchers only). */
  decodeVoucherCode?(code: string, opts?: { signal?: AbortSignal }): Promise<EcIdentity>;
  /** 3505 商品销售: uploads one sold line with its trace codes, under the caller's (outbox) msgid. */
  uploadSale?(upload: SaleUpload, opts: MessageOptions): Promise<void>;
  /** 3506 商品销售退货: a sold line returned, under the caller's (outbox) msgid. */
  returnSale?(upload: SaleUpload, opts: MessageOptions): Promise<void>;
  /** 3201 reconciliation totals for a day range. */
  reconcile(req: ReconcileRequest): Promise<ReconcileResult>;
}

/**
 * What the platform says a code stands for. Full name and id number: show them masked, never log them.
 *
 * Exported from `yibao-pos`.
 */
export interface EcIdentity {
  /** The token 1101/2101/2102 carry as `mdtrt_cert_no`; it is the code's single-use identity. */
  ecToken: string;
  /** Id number (`idNo`) and its type (`idType`, 01 resident id card). */
  idNo: string;
  idType: string;
  userName: string;
  /** The insurance region (`insuOrg`): the sale's `insuplc_admdvs`. */
  insuOrg: string;
  /** The credential's stable index (`ecIndexNo`). */
  ecIndexNo: string;
  /** Channel the code came from (`chnlId`), when the platform says. */
  chnlId?: string;
  /** Family account (extension): the index of the guardian who showed a member's code. */
  guardianEcIndexNo?: string;
}

/**
 * One sale line as uploaded (3505) or returned (3506).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface SaleUpload {
  /** `setl_id` of the booked 2102. */
  setlId: string;
  /** 就医流水号 `mdtrt_sn` and 零售单据号 `rtal_docno`: the sale's 2102 msgid. */
  saleMsgid: string;
  psnNo: string;
  insuplcAdmdvs: string;
  /** Line number in the sale, from 1. */
  line: number;
  item: {
    /** National code (`med_list_codg`). */
    code: string;
    /** The pharmacy's own code (`fixmedins_hilist_id`). */
    localCode?: string;
    name?: string;
    qty: number | string;
    /** Unit price as `pric` text (yuan, up to 6 decimals). */
    price: string;
    /** `manu_lotnum`, `manu_date`, `expy_end` (`YYYY-MM-DD`). */
    lot?: string;
    madeOn?: string;
    expiresOn?: string;
    /** `fixmedins_bchno` (at most 30 characters). */
    stockBatch?: string;
    /** `rx_flag` 1. */
    rx?: boolean;
    prescription?: Prescription;
  };
  traceCodes: string[];
  /** 拆零 split sale: `trdn_flag` 1. */
  partPack: boolean;
  /** `sel_retn_time` of the sale (3505), local `yyyy-MM-dd HH:mm:ss`. */
  saleTime: string;
  /** `sel_retn_time` of the return (3506), set when the sale was cancelled or reversed. */
  returnTime?: string;
  opterName: string;
  /** The pharmacist on duty (`phar_name`, `phar_prac_cert_no`), when configured. */
  pharmacist?: Pharmacist;
}

/**
 * 9001's answer: the sign-in serial every other message carries, and when it was issued.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface SignIn {
  signNo: string;
  signTime: string;
}

/**
 * What 2103 takes: the booked settlement to cancel.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface CancelRequest {
  psnNo: string;
  setlId: string;
  mdtrtId: string;
  insuplcAdmdvs: string;
}

/**
 * What 2601 takes: the money message to void, by its msgid.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface ReversalRequest {
  psnNo: string;
  omsgid: string;
  oinfno: MoneyInfno;
  insuplcAdmdvs: string;
}

/**
 * What 5203 by original msgid takes (extension: what recovery knows when the answer never came).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface MessageQuery {
  psnNo: string;
  omsgid: string;
  insuplcAdmdvs: string;
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
