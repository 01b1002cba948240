/**
 * The shape of one transaction's codec: the `input` it builds from a typed
 * request, and the typed result it reads from a success answer. Codecs are
 * pure; `GatewayClient` owns the session, the envelope and sending.
 *
 * @module
 */
import type { GatewayError } from '../errors.js';
import type { PinBlockCarriage } from '../profile/types.js';
import type { TraceCodeShape } from './drug-input.js';
import type { Infno } from '../types.js';

/** What a codec may need of the terminal besides the request. */
export interface CodecContext {
  /** `inf_time` of this message, local `yyyy-MM-dd HH:mm:ss` (also the time of a sale's lines). */
  time: string;
  fixmedinsCode: string;
  mdtrtAreaAdmvs: string;
  /** The operator signed in (`opter`), and the name sent with it. */
  opter: string;
  opterName: string;
  /** 1 cashier, 2 self-service kiosk. */
  opterType: 1 | 2;
  /** 9001 `mac` and `ip`. */
  mac: string;
  ip: string;
  /** Where 2102 carries the sealed PIN block (the profile's choice). */
  pinBlock: PinBlockCarriage;
  /** Where 2101/2102 carry the trace codes (the profile's choice). */
  traceCodes: TraceCodeShape;
  /** `businessType` of a voucher decode (the profile's). */
  ecBusinessType?: string;
}

/** A success answer: its `output`, the msgid it answers, and its `warn_msg` when it had one. */
export interface Answer {
  output: Record<string, unknown>;
  msgid: string;
  warnMsg?: string;
}

export interface Codec<Req, Res> {
  readonly infno: Infno;
  /** The message's `input`; throws `GATEWAY_REQUEST_INVALID` (nothing sent) for a bad request. */
  input(req: Req, ctx: CodecContext): unknown;
  /**
   * The typed result of a success answer. An answer that cannot be read, or
   * that does not agree with the request, throws a `GatewayError` of outcome
   * `unknown`: the gateway may have booked something other than what was asked.
   */
  read(answer: Answer, req: Req): Res;
  /** A refusal that is a result, not a failure (5203's "no such settlement" is `null`). */
  refusal?(error: GatewayError): { result: Res } | undefined;
}
