/**
 * `GatewayClient`: one typed method per transaction of gateway.md. It builds
 * the envelope, serializes it once, signs those exact bytes (`X-Yb-Signature`),
 * sends them, and maps the answer to a typed result or a `GatewayError`
 * whose `outcome` says whether the message may have been booked.
 *
 * Sign-in is automatic: the first call that needs a `sign_no` signs in (one
 * sign-in at a time, shared by concurrent calls); a `SIGN_IN_REQUIRED`
 * refusal leads to one new sign-in and one resend of the same msgid.
 *
 * @module
 */
import type { JWK } from 'jose';
import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/log.js';
import { readAnswer } from './answer.js';
import { ecDecodeInput, toEcIdentity, type EcIdentity } from './ec-decode.js';
import { toSaleUploadInput, uploadVerdict, type SaleUpload } from './transactions/3505.js';
import { toSaleReturnInput } from './transactions/3506.js';
import { toCatalogPage, toCatalogPageInput, type CatalogPage, type CatalogPageRequest } from './catalog.js';
import { REFD_STANDING_ONLY } from './reconcile-fields.js';
import { fen, object, textField, toPersonInfo, toPersonInfoInput, toSettleInput, toSettlement } from './convert.js';
import type { ErrMsgPattern } from './err-msg.js';
import { GatewayError, type GatewayErrorCode, type GatewayOutcome } from './errors.js';
import { localTime, CHINA_UTC_OFFSET_MIN } from './local-time.js';
import { fenToYuan } from './money.js';
import { checkMsgid, MemorySequenceStore, newMsgidFactory } from './msgid.js';
import { headerSigner, type HeaderSigner } from './profile/headers.js';
import { resolveGatewayProfile } from './profile/profiles.js';
import type { GatewayCredentials, GatewayProfile } from './profile/types.js';
import { inputSm2Security } from './security/input-sm2.js';
import { jwsSecurity } from './security/jws.js';
import { sm2Security } from './security/national.js';
import type { RequestSecurity } from './security/types.js';
import { readSetlinfo } from './setlinfo.js';
import { HttpTransport, type TlsOptions } from './transport.js';
import type {
  CancelResult,
  Gateway,
  Infno,
  DetailReconcileRequest,
  MessageOptions,
  MoneyInfno,
  PersonInfo,
  PersonInfoRequest,
  ReversalAnswer,
  SettlementQuery,
  ReconcileRequest,
  ReconcileResult,
  SequenceStore,
  Settlement,
  SettleRequest,
} from './types.js';
import { INFVER, type RequestEnvelope } from './wire.js';

/**
 * Options of `GatewayClient`: gateway URL, terminal signing key, pharmacy settings, and optionally TLS, timeouts, clock, logger and the msgid sequence store.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface GatewayClientOptions {
  /** Gateway base URL; messages go to `{url}` + the profile's service path (`/trans` for `ours`). */
  url: string;
  /** The gateway profile: `ours` (default), `national`, or a named one with fields changed (profile/types.ts). */
  profile?: GatewayProfile | string | (Partial<GatewayProfile> & { base?: string });
  /** The secrets the profile needs (paas token, API bus keys, OAuth account, SM2 key and channel secret). */
  credentials?: GatewayCredentials;
  /** Nonce of the paas headers (tests); default a random UUID. */
  headerNonce?: () => string;
  /** The terminal's private ES256 JWK, with the `kid` registered at the gateway (the `jws` request security). */
  terminalKey?: JWK;
  /** How requests are signed: default `jwsSecurity(terminalKey)`; `sm2Security(...)` for SM3withSM2 in `cainfo`. */
  security?: RequestSecurity;
  /** Patterns that classify a refusal's `err_msg` when it has no `err_code`; tried before the defaults. */
  errMsgPatterns?: readonly ErrMsgPattern[];
  /** `infcode` values read as a refusal (default -1 and -2); any other non-zero is an unknown outcome. */
  refusalInfcodes?: readonly number[];
  /** Pharmacy code, 12 characters (the msgid prefix). */
  fixmedinsCode: string;
  fixmedinsName: string;
  /** The pharmacy's region code (`mdtrtarea_admvs`). */
  mdtrtAreaAdmvs: string;
  devNo: string;
  opter?: string;
  opterName?: string;
  /** 1 cashier (default), 2 self-service kiosk. */
  opterType?: 1 | 2;
  recerSysCode?: string;
  /** 9001 `mac` and `ip` of the terminal (defaults are placeholders). */
  mac?: string;
  ip?: string;
  clock?: Clock;
  /** Local time offset from UTC, minutes; default +480 (Asia/Shanghai). */
  utcOffsetMin?: number;
  /** msgid sequences; default in memory (not restart-safe: pass the journal's). */
  sequence?: SequenceStore;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  tls?: TlsOptions;
  dispatcher?: Dispatcher;
  logger?: Logger;
}

interface CallOptions {
  /** Region of the insured person; the pharmacy's when none applies. */
  insuplcAdmdvs?: string;
  msgid?: string;
  signal?: AbortSignal;
}

const SIGN_IN_FREE: ReadonlySet<Infno> = new Set(['9001']);

/**
 * The settlement gateway client: one typed method per transaction of gateway.md (sign-in, 1101, 2101, 2102, 2103, 2601, 5203, 3201), signed envelopes, money as integer fen, every failure a `GatewayError` saying whether it may have booked.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 *
 * @example
 * ```ts
 * import { GatewayClient } from 'yibao-pos/gateway';
 * const client = new GatewayClient({ url, terminalKey, fixmedinsCode: 'P42010000001', fixmedinsName: '健民大药房', mdtrtAreaAdmvs: '420100', devNo: 'POS-0001' });
 * const person = await client.personInfo(qrText, '420100');
 * await client.close();
 * ```
 */
export class GatewayClient implements Gateway {
  readonly #o: GatewayClientOptions;
  readonly #clock: Clock;
  readonly #offset: number;
  readonly #log: Logger;
  readonly #transport: HttpTransport;
  readonly #security: RequestSecurity;
  readonly #profile: GatewayProfile;
  readonly #headers: HeaderSigner | undefined;
  /** Identities of the national codes decoded lately, by ecToken: 1101 sends them where the profile says. */
  readonly #identities = new Map<string, EcIdentity>();
  readonly #nextMsgid: () => string;
  #signNo: string | undefined;
  #signingIn: Promise<{ signNo: string; signTime: string }> | undefined;
  #closed = false;

  constructor(options: GatewayClientOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#offset = options.utcOffsetMin ?? CHINA_UTC_OFFSET_MIN;
    this.#log = options.logger ?? silentLogger;
    for (const name of ['fixmedinsName', 'mdtrtAreaAdmvs', 'devNo'] as const) {
      if (typeof options[name] !== 'string' || options[name] === '') {
        throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: name, reason: 'required' } });
      }
    }
    this.#profile = resolveGatewayProfile(options.profile);
    this.#security = options.security ?? profileSecurity(this.#profile, options);
    const credentials = options.credentials ?? {};
    this.#headers = headerSigner(this.#profile.headerSigning, credentials, {
      clock: this.#clock,
      ...(options.headerNonce ? { nonce: options.headerNonce } : {}),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    this.#nextMsgid = newMsgidFactory({
      fixmedinsCode: options.fixmedinsCode,
      clock: this.#clock,
      sequence: options.sequence ?? new MemorySequenceStore(),
      utcOffsetMin: this.#offset,
    });
    this.#transport = new HttpTransport({
      url: options.url,
      path: this.#profile.servicePath,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
      ...(options.dispatcher !== undefined ? { dispatcher: options.dispatcher } : {}),
    });
  }

  newMsgid(): string {
    return this.#nextMsgid();
  }

  /** The current sign_no, if signed in. */
  get signNo(): string | undefined {
    return this.#signNo;
  }

  /** 9001: signs in (again) and keeps the new `sign_no`. */
  signIn(): Promise<{ signNo: string; signTime: string }> {
    // Concurrent callers share one sign-in.
    this.#signingIn ??= this.#doSignIn().finally(() => {
      this.#signingIn = undefined;
    });
    return this.#signingIn;
  }

  async #doSignIn(): Promise<{ signNo: string; signTime: string }> {
    const msgid = this.newMsgid();
    const input = { signIn: { opter_no: this.#opter(), mac: this.#o.mac ?? '00-00-00-00-00-00', ip: this.#o.ip ?? '127.0.0.1' } };
    const output = await this.#exchange('9001', input, { msgid });
    const out = object(output, 'signinoutb', msgid);
    const signNo = textField(out, 'sign_no', msgid);
    const signTime = textField(out, 'sign_time', msgid);
    this.#signNo = signNo;
    return { signNo, signTime };
  }

  /** 9002: signs out; the next call signs in again. */
  async signOut(): Promise<void> {
    const signNo = this.#signNo;
    if (signNo === undefined) return;
    await this.#call('9002', () => ({ signOut: { sign_no: signNo, opter_no: this.#opter() } }), {});
    this.#signNo = undefined;
  }

  /**
   * 1101 person info: for a voucher text, or the seven national inputs. The
   * insured region is in the answer (`insurances[].insuplcAdmdvs`); the
   * message goes to `insuplcAdmdvs` when given, else the pharmacy's region.
   */
  async personInfo(voucher: string | PersonInfoRequest, insuplcAdmdvs?: string, opts: { signal?: AbortSignal } = {}): Promise<PersonInfo> {
    let req: PersonInfoRequest = typeof voucher === 'string' ? { mdtrtCertNo: voucher } : voucher;
    const identity = this.#profile.personIdentity ? this.#identities.get(req.mdtrtCertNo) : undefined;
    // Where the province asks, 1101 names the holder of a decoded national code.
    if (identity) req = { psnCertType: identity.idType, certno: identity.idNo, psnName: identity.userName, ...req };
    const region = insuplcAdmdvs ?? req.insuplcAdmdvs;
    const { output, msgid } = await this.#call('1101', () => toPersonInfoInput(req), { ...(region !== undefined ? { insuplcAdmdvs: region } : {}), ...opts });
    return toPersonInfo(output, msgid);
  }

  /**
   * 1162: decodes a national voucher code online (the `ec.query` service's
   * answer, through the gateway) into its ecToken, holder and insurance region.
   */
  async decodeVoucherCode(code: string, opts: { signal?: AbortSignal } = {}): Promise<EcIdentity> {
    const ctx = {
      orgId: this.#o.fixmedinsCode,
      businessType: this.#profile.ecBusinessType,
      operatorId: this.#opter(),
      operatorName: this.#o.opterName ?? this.#opter(),
      ...(this.#o.opterType === 2 ? { deviceType: 'SelfService' } : {}),
    };
    let identity: EcIdentity;
    if (this.#profile.voucherDecode === 'ec.query') {
      identity = await this.#ecQuery(ecDecodeInput(code, ctx).data, opts.signal);
    } else {
      const { output, msgid } = await this.#call('1162', () => ecDecodeInput(code, ctx), opts);
      identity = toEcIdentity(output, msgid);
    }
    this.#identities.set(identity.ecToken, identity);
    if (this.#identities.size > 32) this.#identities.delete(this.#identities.keys().next().value as string);
    return identity;
  }

  /**
   * `ec.query` at the local voucher service: `{data, orgId, transType}`,
   * answered `{code, message, data}` (`code` "0" success). Nothing is booked
   * by a decode, so any failure is a refusal.
   */
  async #ecQuery(data: Record<string, string>, signal: AbortSignal | undefined): Promise<EcIdentity> {
    if (this.#closed) throw new GatewayError('GATEWAY_CLOSED');
    const body = Buffer.from(JSON.stringify({ data, orgId: this.#o.fixmedinsCode, transType: 'ec.query' }), 'utf8');
    const headers = (await this.#headers?.headers('ec.query', signal)) ?? {};
    let answer: { code?: unknown; message?: unknown; data?: unknown };
    try {
      const res = await this.#transport.post(body, headers, signal, this.#profile.voucherServicePath);
      answer = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(res.body)) as typeof answer;
    } catch (e) {
      if (e instanceof GatewayError && e.code === 'GATEWAY_UNAUTHORIZED') this.#headers?.unauthorized?.();
      if (e instanceof GatewayError && e.outcome === 'refused') throw e;
      throw new GatewayError('GATEWAY_UNREACHABLE', { outcome: 'refused', cause: e, details: { stage: 'ec.query', reason: 'no readable answer' } });
    }
    if (String(answer.code) !== '0') {
      const errMsg = typeof answer.message === 'string' ? answer.message.slice(0, 200) : undefined;
      throw new GatewayError('GATEWAY_VOUCHER_INVALID', { outcome: 'refused', ...(errMsg !== undefined ? { errMsg } : {}), details: { stage: 'ec.query', code: String(answer.code).slice(0, 20) } });
    }
    try {
      return toEcIdentity({ data: answer.data }, '');
    } catch (e) {
      throw new GatewayError('GATEWAY_UNREACHABLE', { outcome: 'refused', cause: e, details: { stage: 'ec.query', reason: 'answer data unreadable' } });
    }
  }

  /**
   * 3505 商品销售: one sold line and its trace codes, under the caller's
   * (outbox) msgid. An answer that does not accept it (`retRslt` 0) is a
   * `GATEWAY_UPLOAD_REJECTED` refusal carrying `msgRslt` as its `errMsg`.
   */
  async uploadSale(upload: SaleUpload, opts: MessageOptions): Promise<void> {
    const { output, msgid } = await this.#call('3505', () => toSaleUploadInput(upload), { insuplcAdmdvs: upload.insuplcAdmdvs, ...opts });
    checkVerdict(output, msgid);
  }

  /** 3506 商品销售退货: a sold line returned (its sale cancelled or reversed), under the caller's (outbox) msgid. */
  async returnSale(upload: SaleUpload, opts: MessageOptions): Promise<void> {
    const { output, msgid } = await this.#call('3506', () => toSaleReturnInput(upload), { insuplcAdmdvs: upload.insuplcAdmdvs, ...opts });
    checkVerdict(output, msgid);
  }

  /**
   * 1312 医保目录信息查询: one page of the national drug catalogue
   * (`page_num` from 1), for the local catalogue table.
   */
  async catalogPage(req: CatalogPageRequest, opts: { signal?: AbortSignal } = {}): Promise<CatalogPage> {
    const { output, msgid } = await this.#call('1312', () => toCatalogPageInput(req), opts);
    return toCatalogPage(output, msgid);
  }

  /** 2101 pre-settlement: the split, nothing booked. */
  async preSettle(req: SettleRequest, opts: { signal?: AbortSignal } = {}): Promise<Settlement> {
    const { output, msgid, warnMsg } = await this.#call('2101', (time) => toSettleInput(req, '2101', time, this.#profile.pinBlock, this.#profile.traceCodes), { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
    return withWarn(readSetlinfo(output, msgid, { idsRequired: false }), warnMsg);
  }

  /** 2102 settlement under the caller's (journaled) msgid. */
  async settle(req: SettleRequest, opts: MessageOptions): Promise<Settlement> {
    const { output, msgid, warnMsg } = await this.#call('2102', (time) => toSettleInput(req, '2102', time, this.#profile.pinBlock, this.#profile.traceCodes), { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
    return withWarn(toSettlement(output, msgid), warnMsg);
  }

  /**
   * 2103 cancel of a booked settlement; amounts are what was refunded
   * (positive, whether the gateway sends them positive or negative).
   */
  async cancel(req: { psnNo: string; setlId: string; mdtrtId: string; insuplcAdmdvs: string }, opts: MessageOptions): Promise<CancelResult> {
    const { output, msgid } = await this.#call('2103', () => ({ data: { psn_no: req.psnNo, setl_id: req.setlId, mdtrt_id: req.mdtrtId } }), {
      insuplcAdmdvs: req.insuplcAdmdvs,
      ...opts,
    });
    const s = readSetlinfo(output, msgid, { idsRequired: false, refund: true });
    const result: CancelResult = { acctPayFen: s.acctPayFen, acctMulaidPayFen: s.acctMulaidPayFen, balanceFen: s.balanceFen, cashFen: s.cashFen };
    if (s.national) result.national = s.national;
    return result;
  }

  /**
   * 2601 reversal of `omsgid`; succeeds whether or not it was booked. `result`
   * is the gateway's word on the original when it gives one (`kept`: a
   * cancel that stands because its refund was already spent).
   */
  async reverse(req: { psnNo: string; omsgid: string; oinfno: MoneyInfno; insuplcAdmdvs: string }, opts: MessageOptions): Promise<ReversalAnswer> {
    checkMsgid(req.omsgid, this.#o.fixmedinsCode);
    const { output } = await this.#call('2601', () => ({ data: { psn_no: req.psnNo, omsgid: req.omsgid, oinfno: req.oinfno } }), { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
    const result = (output as { result?: unknown } | undefined)?.result;
    return typeof result === 'string' ? { result } : {};
  }

  /**
   * 5203 by the original msgid (extension: what recovery uses when the answer
   * never came): the settlement, or null when the gateway has none.
   */
  query(req: { psnNo: string; omsgid: string; insuplcAdmdvs: string }, opts: { signal?: AbortSignal } = {}): Promise<Settlement | null> {
    return this.#query({ psn_no: req.psnNo, omsgid: req.omsgid }, req.insuplcAdmdvs, opts);
  }

  /** 5203 as the national interface has it, by `setlId` + `mdtrtId`: the settlement, or null. */
  querySettlement(req: SettlementQuery, opts: { signal?: AbortSignal } = {}): Promise<Settlement | null> {
    if (!req.setlId || !req.mdtrtId) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'setlId/mdtrtId', reason: 'required' } });
    return this.#query({ psn_no: req.psnNo, setl_id: req.setlId, mdtrt_id: req.mdtrtId }, req.insuplcAdmdvs, opts);
  }

  async #query(data: Record<string, string>, insuplcAdmdvs: string, opts: { signal?: AbortSignal }): Promise<Settlement | null> {
    try {
      const { output, msgid } = await this.#call('5203', () => ({ data }), { insuplcAdmdvs, ...opts });
      return toSettlement(output, msgid);
    } catch (e) {
      if (e instanceof GatewayError && (e.code === 'GATEWAY_NOT_FOUND' || e.code === 'GATEWAY_SETTLEMENT_NOT_FOUND')) return null;
      throw e;
    }
  }

  /**
   * 3201 reconciliation totals; dates are `yyyy-MM-dd`. With `insutype`, the
   * national shape: per insurance type + clearing type + settlement agency
   * (defaults 41 pharmacy purchases and the pharmacy's region) with
   * `fund_pay_sumamt`. Without it, every insurance type together (the
   * extension the journal's day totals use). A national answer says only
   * balanced or not (`stmtinfo`); when it carries no totals of its own, a
   * balanced answer means the gateway's totals are the ones sent.
   */
  async reconcile(req: ReconcileRequest): Promise<ReconcileResult> {
    const date = /^\d{4}-\d{2}-\d{2}$/;
    if (!date.test(req.beginDate) || !date.test(req.endDate)) {
      throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'beginDate/endDate', reason: 'yyyy-MM-dd' } });
    }
    if (!Number.isSafeInteger(req.count) || req.count < 0) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'count' } });
    const { output, msgid } = await this.#call(
      '3201',
      () => ({
        data: {
          ...(req.insutype !== undefined ? { insutype: req.insutype, clr_type: req.clrType ?? '41', setl_optins: req.setlOptins ?? this.#o.mdtrtAreaAdmvs } : {}),
          stmt_begndate: req.beginDate,
          stmt_enddate: req.endDate,
          medfee_sumamt: fenToYuan(req.totalFen),
          ...(req.insutype !== undefined ? { fund_pay_sumamt: fenToYuan(req.fundPayFen ?? 0) } : {}),
          acct_pay: fenToYuan(req.acctPayFen),
          fixmedins_setl_cnt: req.count,
          ...(req.insutype !== undefined ? { refd_setl_flag: req.refdSetlFlag ?? REFD_STANDING_ONLY } : {}),
        },
      }),
      {},
    );
    const info = output.stmtinfo !== undefined ? object(output, 'stmtinfo', msgid) : output;
    const balanced = isBalanced(textField(info, 'stmt_rslt', msgid));
    const dscr = info.stmt_rslt_dscr;
    const result: ReconcileResult = { balanced, gateway: { totalFen: req.totalFen, acctPayFen: req.acctPayFen, count: req.count }, totalsFromGateway: false };
    if (output.medfee_sumamt !== undefined && output.acct_pay !== undefined && output.fixmedins_setl_cnt !== undefined) {
      result.gateway = { totalFen: fen(output, 'medfee_sumamt', msgid), acctPayFen: fen(output, 'acct_pay', msgid), count: Number(textField(output, 'fixmedins_setl_cnt', msgid)) };
      result.totalsFromGateway = true;
    }
    if (typeof dscr === 'string' && dscr !== '') result.description = dscr.slice(0, 200);
    return result;
  }

  /**
   * 9101 file upload: `bytes` (a zip) as base64 in `fsUploadIn`; answers the
   * `file_qury_no` that names the file in 3202.
   */
  async uploadFile(filename: string, bytes: Uint8Array): Promise<{ fileQuryNo: string; filename: string }> {
    const { output, msgid } = await this.#call(
      '9101',
      () => ({ fsUploadIn: { in: Buffer.from(bytes).toString('base64'), filename, fixmedins_code: this.#o.fixmedinsCode } }),
      {},
    );
    return { fileQuryNo: textField(output, 'file_qury_no', msgid), filename: textField(output, 'filename', msgid) };
  }

  /**
   * 3202 detail reconciliation of a day range over the detail file uploaded
   * with 9101; answers the result file's `file_qury_no` and name (fetch it with 9102).
   */
  async reconcileDetail(req: DetailReconcileRequest): Promise<{ fileQuryNo: string; filename: string }> {
    const { output, msgid } = await this.#call(
      '3202',
      () => ({
        data: {
          setl_optins: req.setlOptins ?? this.#o.mdtrtAreaAdmvs,
          file_qury_no: req.fileQuryNo,
          stmt_begndate: req.beginDate,
          stmt_enddate: req.endDate,
          medfee_sumamt: fenToYuan(req.totalFen),
          fund_pay_sumamt: fenToYuan(req.fundPayFen),
          cash_payamt: fenToYuan(req.cashFen),
          fixmedins_setl_cnt: req.count,
          clr_type: req.clrType ?? '41',
          refd_setl_flag: '0',
        },
      }),
      {},
    );
    const info = object(output, 'fileinfo', msgid);
    return { fileQuryNo: textField(info, 'file_qury_no', msgid), filename: textField(info, 'filename', msgid) };
  }

  /** 9102 file download by `file_qury_no` (the simulator sends the bytes as base64 in `output.file`). */
  async downloadFile(fileQuryNo: string, filename: string): Promise<Uint8Array> {
    const { output, msgid } = await this.#call('9102', () => ({ fsDownloadIn: { file_qury_no: fileQuryNo, filename, fixmedins_code: this.#o.fixmedinsCode } }), {});
    return new Uint8Array(Buffer.from(textField(output, 'file', msgid), 'base64'));
  }

  /** Closes pooled connections; later calls fail with `GATEWAY_CLOSED`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#transport.close();
  }

  #opter(): string {
    return this.#o.opter ?? this.#o.devNo;
  }

  /**
   * A signed-in call: signs in first if needed; on SIGN_IN_REQUIRED signs in
   * once more and resends the same msgid (the refused first try booked nothing).
   */
  async #call(infno: Infno, input: (time: string) => unknown, opts: CallOptions): Promise<{ output: Record<string, unknown>; msgid: string; warnMsg?: string }> {
    if (this.#closed) throw new GatewayError('GATEWAY_CLOSED');
    const msgid = opts.msgid ?? this.newMsgid();
    checkMsgid(msgid, this.#o.fixmedinsCode);
    const time = localTime(this.#clock(), this.#offset).text;
    // Built once: a resend after a new sign-in carries the same input.
    const body = input(time);
    const withMsgid = { ...opts, msgid };
    if (this.#signNo === undefined && !SIGN_IN_FREE.has(infno)) await this.#signInBefore(msgid);
    try {
      return { ...(await this.#exchangeFull(infno, body, withMsgid)), msgid };
    } catch (e) {
      if (!(e instanceof GatewayError) || e.code !== 'GATEWAY_SIGN_IN_REQUIRED') throw e;
      this.#log.log('info', 'gateway sign-in required; signing in and resending', { infno, msgid });
      this.#signNo = undefined;
      await this.#signInBefore(msgid);
      return { ...(await this.#exchangeFull(infno, body, withMsgid)), msgid };
    }
  }

  /**
   * Signs in before sending `msgid`. If that fails, `msgid` was not sent (or
   * was refused), so its outcome is known: a sign-in without an answer
   * becomes `GATEWAY_UNREACHABLE` for it, a refusal keeps its code.
   */
  async #signInBefore(msgid: string): Promise<void> {
    try {
      await this.signIn();
    } catch (e) {
      if (!(e instanceof GatewayError)) throw e;
      const code = e.outcome === 'unknown' ? 'GATEWAY_UNREACHABLE' : e.code;
      throw rebrand(e, { code, outcome: 'refused', msgid, details: { stage: 'sign-in', signInCode: e.code } });
    }
  }

  async #exchange(infno: Infno, input: unknown, opts: CallOptions): Promise<Record<string, unknown>> {
    return (await this.#exchangeFull(infno, input, opts)).output;
  }

  /** One envelope out, one answer in (its output and `warn_msg`). */
  async #exchangeFull(infno: Infno, input: unknown, opts: CallOptions): Promise<{ output: Record<string, unknown>; warnMsg?: string }> {
    if (this.#closed) throw new GatewayError('GATEWAY_CLOSED');
    const msgid = opts.msgid ?? this.newMsgid();
    const now = this.#clock();
    const envelope: RequestEnvelope = {
      infno,
      msgid,
      mdtrtarea_admvs: this.#o.mdtrtAreaAdmvs,
      insuplc_admdvs: opts.insuplcAdmdvs ?? this.#o.mdtrtAreaAdmvs,
      recer_sys_code: this.#o.recerSysCode ?? 'YBJS',
      dev_no: this.#o.devNo,
      infver: INFVER,
      opter_type: String(this.#o.opterType ?? 1),
      opter: this.#opter(),
      opter_name: this.#o.opterName ?? this.#opter(),
      inf_time: localTime(now, this.#offset).text,
      fixmedins_code: this.#o.fixmedinsCode,
      fixmedins_name: this.#o.fixmedinsName,
      sign_no: infno === '9001' ? '' : (this.#signNo ?? ''),
      // Real envelopes carry these always, often blank; the SM2 profiles fill cainfo/signtype.
      ...(this.#profile.envelopeExtras ? { dev_safe_info: '', cainfo: '', signtype: '' } : {}),
      input,
    };
    // Serialized once by the security profile: these exact bytes are signed and sent.
    const sealed = await this.#security.seal(envelope);
    const started = performance.now();
    try {
      const headers = this.#headers ? { ...sealed.headers, ...(await this.#headers.headers(infno, opts.signal)) } : sealed.headers;
      const answer = await this.#transport.post(sealed.body, headers, opts.signal);
      const openOutput = this.#security.openOutput?.bind(this.#security);
      const answerOptions = {
        ...(this.#o.errMsgPatterns ? { errMsgPatterns: this.#o.errMsgPatterns } : {}),
        ...(this.#o.refusalInfcodes ? { refusalInfcodes: this.#o.refusalInfcodes } : {}),
        ...(openOutput && this.#profile.sm4Output ? { openOutput } : {}),
      };
      const { output, envelope: answered } = readAnswer(answer.body, msgid, answerOptions);
      this.#log.log('info', 'gateway answer', { infno, msgid, ms: Math.round(performance.now() - started), outcome: 'ok' });
      const warn = answered.warn_msg;
      return typeof warn === 'string' && warn !== '' ? { output, warnMsg: warn.slice(0, 500) } : { output };
    } catch (e) {
      if (e instanceof GatewayError && e.code === 'GATEWAY_UNAUTHORIZED') this.#headers?.unauthorized?.();
      const err = e instanceof GatewayError ? withMsgid(e, msgid) : e;
      const fields: Record<string, unknown> = { infno, msgid, ms: Math.round(performance.now() - started) };
      if (err instanceof GatewayError) Object.assign(fields, { code: err.code, outcome: err.outcome, errCode: err.errCode, httpStatus: err.httpStatus });
      this.#log.log(err instanceof GatewayError && err.outcome === 'unknown' ? 'warn' : 'info', 'gateway refusal', fields);
      throw err;
    }
  }
}

/** `stmt_rslt`: `0` balanced (the interface's dictionary); `000000` in another (a platform mock's); anything else not. */
export function isBalanced(stmtRslt: string): boolean {
  return stmtRslt === '0' || stmtRslt === '000000';
}

/** A 3505/3506 answer the gateway did not accept (`retRslt` 0) is a refusal with its reason. */
function checkVerdict(output: Record<string, unknown>, msgid: string): void {
  const v = uploadVerdict(output);
  if (v.accepted) return;
  throw new GatewayError('GATEWAY_UPLOAD_REJECTED', {
    outcome: 'refused',
    msgid,
    httpStatus: 200,
    ...(v.message !== undefined ? { errMsg: v.message } : {}),
    details: { msgid, retRslt: '0', ...(v.message !== undefined ? { msgRslt: v.message } : {}) },
  });
}

/** The request security a profile implies (the `security` option, when given, wins). */
function profileSecurity(profile: GatewayProfile, o: GatewayClientOptions): RequestSecurity {
  const sm2 = o.credentials?.sm2;
  if (profile.sm2 !== 'none' && !sm2) {
    throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'credentials.sm2', reason: `the ${profile.name} profile signs with SM2` } });
  }
  if (profile.sm2 === 'input') {
    if (!sm2!.clientId) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'credentials.sm2.clientId', reason: 'the SM2 user id' } });
    return inputSm2Security({
      privateKeyHex: sm2!.privateKeyHex,
      clientId: sm2!.clientId,
      sm4: profile.sm4Input,
      ...(sm2!.secret !== undefined ? { secret: sm2!.secret } : {}),
      ...(sm2!.sm4KeyHex !== undefined ? { sm4KeyHex: sm2!.sm4KeyHex } : {}),
      ...(sm2!.userId !== undefined ? { userId: sm2!.userId } : {}),
    });
  }
  if (profile.sm2 === 'body') {
    return sm2Security({
      privateKeyHex: sm2!.privateKeyHex,
      ...(sm2!.userId !== undefined ? { userId: sm2!.userId } : {}),
      ...(profile.sm4Input && sm2!.sm4KeyHex !== undefined ? { sm4KeyHex: sm2!.sm4KeyHex } : {}),
    });
  }
  if (profile.headerSigning === 'jws') {
    if (!o.terminalKey) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'terminalKey', reason: 'a terminal key or a request security profile is required' } });
    return jwsSecurity(o.terminalKey);
  }
  // Header signing alone (paas, hmac, oauth): the envelope goes as it is.
  return { name: 'plain', seal: async (envelope) => ({ body: Buffer.from(JSON.stringify(envelope), 'utf8'), headers: {} }) };
}

function withWarn(s: Settlement, warnMsg: string | undefined): Settlement {
  if (warnMsg !== undefined) s.national = { ...s.national, warnMsg };
  return s;
}

/** The transport does not know the msgid; the caller must, to reverse it. */
function withMsgid(e: GatewayError, msgid: string): GatewayError {
  return e.msgid !== undefined ? e : rebrand(e, { msgid, details: { msgid } });
}

/** A copy of `e` with another code, outcome, msgid or extra details. */
function rebrand(e: GatewayError, change: { code?: GatewayErrorCode; outcome?: GatewayOutcome; msgid: string; details: Record<string, unknown> }): GatewayError {
  return new GatewayError(change.code ?? e.code, {
    outcome: change.outcome ?? e.outcome,
    msgid: change.msgid,
    ...(e.errCode !== undefined ? { errCode: e.errCode } : {}),
    ...(e.errMsg !== undefined ? { errMsg: e.errMsg } : {}),
    ...(e.triesLeft !== undefined ? { triesLeft: e.triesLeft } : {}),
    ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
    details: { ...e.details, ...change.details, msgid: change.msgid },
  });
}
