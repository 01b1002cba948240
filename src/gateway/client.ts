/**
 * `GatewayClient`: one typed method per transaction of gateway.md. It builds
 * the envelope, serializes it once, signs those exact bytes (`X-Yb-Signature`),
 * sends them, and maps the answer to a typed result or a `GatewayError`
 * whose `outcome` says whether the message may have been booked.
 *
 * Sign-in is automatic and per operator and local day (sign-in.ts): the first
 * call of an operator on a day signs in (one sign-in at a time, shared by
 * concurrent calls); a `SIGN_IN_REQUIRED` refusal leads to one new sign-in
 * and one resend of the same msgid; `close()` signs out (9002) what is open.
 *
 * @module
 */
import type { JWK } from 'jose';
import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/log.js';
import { errorCode } from '../lib/errors.js';
import { readAnswer } from './answer.js';
import type { ErrMsgPattern } from './err-msg.js';
import { GatewayError, type GatewayErrorCode, type GatewayOutcome } from './errors.js';
import { localTime, CHINA_UTC_OFFSET_MIN } from './local-time.js';
import { checkMsgid, MemorySequenceStore, newMsgidFactory } from './msgid.js';
import { headerSigner, type HeaderSigner } from './profile/headers.js';
import { resolveGatewayProfile } from './profile/profiles.js';
import { SignInBook, type SignInRecord } from './sign-in.js';
import type { GatewayCredentials, GatewayProfile } from './profile/types.js';
import { profileSecurity } from './security/from-profile.js';
import type { RequestSecurity } from './security/types.js';
import { HttpTransport, type TlsOptions } from './transport.js';
import type { Answer, Codec, CodecContext } from './transactions/codec.js';
import type { CatalogPage, CatalogPageRequest } from './catalog.js';
import { personInfo1101 } from './transactions/1101.js';
import { catalogPage1312 } from './transactions/1312.js';
import { decodeCode1162, ecContext, ecDecodeInput, toEcIdentity } from './transactions/1162.js';
import { preSettle2101 } from './transactions/2101.js';
import { settle2102 } from './transactions/2102.js';
import { cancel2103 } from './transactions/2103.js';
import { reverse2601 } from './transactions/2601.js';
import { reconcile3201 } from './transactions/3201.js';
import { reconcileDetail3202 } from './transactions/3202.js';
import { saleUpload3505 } from './transactions/3505.js';
import { saleReturn3506 } from './transactions/3506.js';
import { queryByMsgid5203, querySettlement5203 } from './transactions/5203.js';
import { signIn9001 } from './transactions/9001.js';
import { signOut9002 } from './transactions/9002.js';
import { uploadFile9101 } from './transactions/9101.js';
import { downloadFile9102 } from './transactions/9102.js';
import type {
  CancelRequest,
  CancelResult,
  DetailReconcileRequest,
  EcIdentity,
  Gateway,
  MessageOptions,
  MessageQuery,
  PersonInfo,
  PersonInfoRequest,
  Pharmacy,
  ReconcileRequest,
  ReconcileResult,
  ReversalAnswer,
  ReversalRequest,
  SaleUpload,
  SequenceStore,
  Settlement,
  SettlementQuery,
  SettleRequest,
  SignIn,
} from './types.js';
import { INFVER, type RequestEnvelope } from './wire.js';

/**
 * Options of `GatewayClient`: gateway URL, terminal signing key, pharmacy settings, and optionally TLS, timeouts, clock, logger and the msgid sequence store.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface GatewayClientOptions extends Pharmacy {
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
  devNo: string;
  /** The operator (cashier) who signs in; default `devNo`. Change it with `setOperator`. */
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
  /** How long `close()` waits for its sign-outs (9002) before closing anyway; default 3000 ms. */
  signOutTimeoutMs?: number;
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

/** The cashier messages go as (`opter`, `opter_name`). */
interface Operator {
  opter: string;
  opterName: string;
}

/** Who a message goes as: the operator, and the sign_no it carries ('' for 9001). */
interface Sender extends Operator {
  signNo: string;
}

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
  readonly #signIns: SignInBook;
  #operator: Operator;
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
    this.#signIns = new SignInBook(this.#clock, this.#offset);
    const opter = options.opter ?? options.devNo;
    this.#operator = { opter, opterName: options.opterName ?? opter };
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

  /** The current operator's sign_no of today, if signed in. */
  get signNo(): string | undefined {
    const r = this.#signIns.current(this.#operator.opter);
    return r?.state === 'open' ? r.signNo : undefined;
  }

  /**
   * The operator (cashier) of the messages that follow. Each operator signs
   * in on their own before their first message of the day; an earlier
   * operator's sign-in stays open until `close()` (or `signOut()` while they are current).
   */
  setOperator(opter: string, opterName?: string): void {
    if (typeof opter !== 'string' || !/^.{1,64}$/.test(opter)) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'opter', reason: '1 to 64 characters' } });
    this.#operator = { opter, opterName: opterName ?? opter };
  }

  /**
   * 9001 for the current operator: signs in (again; the operator's earlier
   * sign_no is dropped and ends with its day). A sign-in already on its way
   * is shared.
   */
  async signIn(): Promise<SignIn> {
    if (this.#closed) throw new GatewayError('GATEWAY_CLOSED');
    const op = this.#operator;
    const r = this.#signIns.current(op.opter);
    return r?.flight ?? this.#begin(op).flight!;
  }

  /** The operator's open sign-in of today, signing in first if there is none (concurrent callers share it). */
  async #signedIn(op: Operator): Promise<SignInRecord> {
    const r = this.#signIns.current(op.opter) ?? this.#begin(op);
    if (r.flight) await r.flight;
    return r;
  }

  #begin(op: Operator): SignInRecord {
    const r = this.#signIns.begin(op.opter, op.opterName);
    r.flight = this.#doSignIn(r).finally(() => (r.flight = undefined));
    return r;
  }

  async #doSignIn(r: SignInRecord): Promise<SignIn> {
    try {
      const input = signIn9001.input(undefined, { ...this.#context(), opter: r.opter, opterName: r.opterName });
      const answer = await this.#exchange('9001', input, { msgid: this.newMsgid() }, { opter: r.opter, opterName: r.opterName, signNo: '' });
      const signIn = signIn9001.read(answer, undefined);
      r.move('open', signIn);
      return signIn;
    } catch (e) {
      r.move('failed');
      throw e;
    }
  }

  /** 9002 for the current operator: signs out; their next message signs in again. */
  async signOut(): Promise<void> {
    const r = this.#signIns.current(this.#operator.opter);
    if (r?.state !== 'open') return;
    await this.#signOutOne(r, undefined);
  }

  /** One 9002 as the record's operator with its sign_no; it ends the record whatever the answer. */
  async #signOutOne(r: SignInRecord, signal: AbortSignal | undefined, closing = false): Promise<void> {
    const signNo = r.signNo!;
    r.move('signing-out');
    try {
      const input = signOut9002.input({ signNo, opter: r.opter }, this.#context());
      await this.#exchange('9002', input, { msgid: this.newMsgid(), ...(signal ? { signal } : {}) }, { opter: r.opter, opterName: r.opterName, signNo }, closing);
    } finally {
      r.move('signed-out');
    }
  }

  /**
   * 1101 person info: for a voucher text, or the seven national inputs. The
   * insured region is in the answer (`insurances[].insuplcAdmdvs`); the
   * message goes to `insuplcAdmdvs` when given, else the pharmacy's region.
   */
  personInfo(voucher: string | PersonInfoRequest, insuplcAdmdvs?: string, opts: { signal?: AbortSignal } = {}): Promise<PersonInfo> {
    let req: PersonInfoRequest = typeof voucher === 'string' ? { mdtrtCertNo: voucher } : voucher;
    const identity = this.#profile.personIdentity ? this.#identities.get(req.mdtrtCertNo) : undefined;
    // Where the province asks, 1101 names the holder of a decoded national code.
    if (identity) req = { psnCertType: identity.idType, certno: identity.idNo, psnName: identity.userName, ...req };
    const region = insuplcAdmdvs ?? req.insuplcAdmdvs;
    return this.#send(personInfo1101, req, { ...(region !== undefined ? { insuplcAdmdvs: region } : {}), ...opts });
  }

  /**
   * 1162: decodes a national voucher code online (the `ec.query` service's
   * answer, through the gateway) into its ecToken, holder and insurance region.
   */
  async decodeVoucherCode(code: string, opts: { signal?: AbortSignal } = {}): Promise<EcIdentity> {
    const identity =
      this.#profile.voucherDecode === 'ec.query'
        ? await this.#ecQuery(ecDecodeInput(code, ecContext(this.#context())).data, opts.signal)
        : await this.#send(decodeCode1162, code, opts);
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
  uploadSale(upload: SaleUpload, opts: MessageOptions): Promise<void> {
    return this.#send(saleUpload3505, upload, { insuplcAdmdvs: upload.insuplcAdmdvs, ...opts });
  }

  /** 3506 商品销售退货: a sold line returned (its sale cancelled or reversed), under the caller's (outbox) msgid. */
  returnSale(upload: SaleUpload, opts: MessageOptions): Promise<void> {
    return this.#send(saleReturn3506, upload, { insuplcAdmdvs: upload.insuplcAdmdvs, ...opts });
  }

  /** 1312 医保目录信息查询: one page of the national drug catalogue (`page_num` from 1), for the local catalogue table. */
  catalogPage(req: CatalogPageRequest, opts: { signal?: AbortSignal } = {}): Promise<CatalogPage> {
    return this.#send(catalogPage1312, req, opts);
  }

  /** 2101 pre-settlement: the split, nothing booked. */
  preSettle(req: SettleRequest, opts: { signal?: AbortSignal } = {}): Promise<Settlement> {
    return this.#send(preSettle2101, req, { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
  }

  /** 2102 settlement under the caller's (journaled) msgid. */
  settle(req: SettleRequest, opts: MessageOptions): Promise<Settlement> {
    return this.#send(settle2102, req, { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
  }

  /**
   * 2103 cancel of a booked settlement; amounts are what was refunded
   * (positive, whether the gateway sends them positive or negative).
   */
  cancel(req: CancelRequest, opts: MessageOptions): Promise<CancelResult> {
    return this.#send(cancel2103, req, { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
  }

  /**
   * 2601 reversal of `omsgid`; succeeds whether or not it was booked. `result`
   * is the gateway's word on the original when it gives one (`kept`: a
   * cancel that stands because its refund was already spent).
   */
  reverse(req: ReversalRequest, opts: MessageOptions): Promise<ReversalAnswer> {
    return this.#send(reverse2601, req, { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
  }

  /**
   * 5203 by the original msgid (extension: what recovery uses when the answer
   * never came): the settlement, or null when the gateway has none.
   */
  query(req: MessageQuery, opts: { signal?: AbortSignal } = {}): Promise<Settlement | null> {
    return this.#send(queryByMsgid5203, req, { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
  }

  /** 5203 as the national interface has it, by `setlId` + `mdtrtId`: the settlement, or null. */
  querySettlement(req: SettlementQuery, opts: { signal?: AbortSignal } = {}): Promise<Settlement | null> {
    return this.#send(querySettlement5203, req, { insuplcAdmdvs: req.insuplcAdmdvs, ...opts });
  }

  /** 3201 reconciliation totals for a day range (see transactions/3201.ts for the two shapes). */
  reconcile(req: ReconcileRequest): Promise<ReconcileResult> {
    return this.#send(reconcile3201, req, {});
  }

  /** 9101 file upload: answers the `file_qury_no` that names the file in 3202. */
  uploadFile(filename: string, bytes: Uint8Array): Promise<{ fileQuryNo: string; filename: string }> {
    return this.#send(uploadFile9101, { filename, bytes }, {});
  }

  /** 3202 detail reconciliation over the file uploaded with 9101; answers the result file's name (fetch it with 9102). */
  reconcileDetail(req: DetailReconcileRequest): Promise<{ fileQuryNo: string; filename: string }> {
    return this.#send(reconcileDetail3202, req, {});
  }

  /** 9102 file download by `file_qury_no`. */
  downloadFile(fileQuryNo: string, filename: string): Promise<Uint8Array> {
    return this.#send(downloadFile9102, { fileQuryNo, filename }, {});
  }

  /**
   * Signs out (9002) every operator's open sign-in of today, waiting at most
   * `signOutTimeoutMs`, then closes pooled connections; later calls fail with
   * `GATEWAY_CLOSED`. A failed sign-out is logged, never thrown: the gateway
   * ends a sign-in with its day anyway. Callers stop their own workers first
   * (the terminal does: its outbox stops before the client closes).
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const open = this.#signIns.openToday();
    if (open.length > 0) {
      const signal = AbortSignal.timeout(this.#o.signOutTimeoutMs ?? 3000);
      const results = await Promise.allSettled(open.map((r) => this.#signOutOne(r, signal, true)));
      results.forEach((res, i) => {
        if (res.status === 'rejected') {
          const e = res.reason as unknown;
          this.#log.log('warn', 'sign-out at close failed', { opter: open[i]!.opter, code: errorCode(e) });
        }
      });
    }
    await this.#transport.close();
  }

  /** What the codecs may need of the terminal; `time` is this message's `inf_time`. */
  #context(): CodecContext {
    return {
      time: localTime(this.#clock(), this.#offset).text,
      fixmedinsCode: this.#o.fixmedinsCode,
      mdtrtAreaAdmvs: this.#o.mdtrtAreaAdmvs,
      opter: this.#operator.opter,
      opterName: this.#operator.opterName,
      opterType: this.#o.opterType ?? 1,
      mac: this.#o.mac ?? '00-00-00-00-00-00',
      ip: this.#o.ip ?? '127.0.0.1',
      pinBlock: this.#profile.pinBlock,
      traceCodes: this.#profile.traceCodes,
      ecBusinessType: this.#profile.ecBusinessType,
    };
  }

  /**
   * A signed-in call through a codec, as the current operator: signs in
   * first if they have no sign-in of today; on SIGN_IN_REQUIRED signs in once
   * more and resends the same msgid (the refused first try booked nothing).
   */
  async #send<Req, Res>(codec: Codec<Req, Res>, req: Req, opts: CallOptions): Promise<Res> {
    if (this.#closed) throw new GatewayError('GATEWAY_CLOSED');
    const msgid = opts.msgid ?? this.newMsgid();
    checkMsgid(msgid, this.#o.fixmedinsCode);
    // Taken once: the operator changing mid-call does not move this message.
    const op = this.#operator;
    // Built once: a resend after a new sign-in carries the same input.
    const input = codec.input(req, this.#context());
    const withMsgid = { ...opts, msgid };
    let answer: Answer;
    try {
      let signNo = await this.#signInBefore(op, msgid);
      try {
        answer = await this.#exchange(codec.infno, input, withMsgid, { ...op, signNo });
      } catch (e) {
        if (!(e instanceof GatewayError) || e.code !== 'GATEWAY_SIGN_IN_REQUIRED') throw e;
        this.#log.log('info', 'gateway sign-in required; signing in and resending', { infno: codec.infno, msgid });
        this.#signIns.refused(op.opter, signNo);
        signNo = await this.#signInBefore(op, msgid);
        answer = await this.#exchange(codec.infno, input, withMsgid, { ...op, signNo });
      }
    } catch (e) {
      const taken = e instanceof GatewayError && e.outcome === 'refused' ? codec.refusal?.(e) : undefined;
      if (taken) return taken.result;
      throw e;
    }
    return codec.read(answer, req);
  }

  /**
   * Signs in before sending `msgid`. If that fails, `msgid` was not sent (or
   * was refused), so its outcome is known: a sign-in without an answer
   * becomes `GATEWAY_UNREACHABLE` for it, a refusal keeps its code.
   */
  async #signInBefore(op: Operator, msgid: string): Promise<string> {
    try {
      return (await this.#signedIn(op)).signNo!;
    } catch (e) {
      if (!(e instanceof GatewayError)) throw e;
      const code = e.outcome === 'unknown' ? 'GATEWAY_UNREACHABLE' : e.code;
      throw rebrand(e, { code, outcome: 'refused', msgid, details: { stage: 'sign-in', signInCode: e.code } });
    }
  }

  /** One envelope out, one answer in (its output and `warn_msg`). */
  async #exchange(infno: Codec<unknown, unknown>['infno'], input: unknown, opts: CallOptions & { msgid: string }, as: Sender, closing = false): Promise<Answer> {
    // Only the sign-outs of close() go out once closed.
    if (this.#closed && !closing) throw new GatewayError('GATEWAY_CLOSED');
    const msgid = opts.msgid;
    const envelope: RequestEnvelope = {
      infno,
      msgid,
      mdtrtarea_admvs: this.#o.mdtrtAreaAdmvs,
      insuplc_admdvs: opts.insuplcAdmdvs ?? this.#o.mdtrtAreaAdmvs,
      recer_sys_code: this.#o.recerSysCode ?? 'YBJS',
      dev_no: this.#o.devNo,
      infver: INFVER,
      opter_type: String(this.#o.opterType ?? 1),
      opter: as.opter,
      opter_name: as.opterName,
      inf_time: localTime(this.#clock(), this.#offset).text,
      fixmedins_code: this.#o.fixmedinsCode,
      fixmedins_name: this.#o.fixmedinsName,
      sign_no: as.signNo,
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
      return typeof warn === 'string' && warn !== '' ? { output, msgid, warnMsg: warn.slice(0, 500) } : { output, msgid };
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
