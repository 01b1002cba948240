/**
 * Reads a gateway answer (the bytes of a 200 response) into its `output`, or
 * the typed refusal it carries. An answer that cannot be read is an unknown
 * outcome: the gateway may have booked the message.
 *
 * `infcode` rule (real gateways send it as a number, some as a string):
 * - `0` is success;
 * - a negative integer listed in `refusalInfcodes` (default -1 and -2: some
 *   provincial gateways answer business errors with -2) is a refusal, nothing
 *   booked;
 * - anything else (another negative, a positive, a fraction, missing) is an
 *   unknown outcome: the terminal cannot prove nothing was booked, so it
 *   reverses.
 *
 * A refusal's code comes from the extension `err_code` when there is one,
 * else from `err_msg` through the pattern table of err-msg.ts.
 *
 * @module
 */
import { classifyErrMsg, DEFAULT_ERR_MSG_PATTERNS, type ErrMsgPattern } from './err-msg.js';
import { GatewayError } from './errors.js';
import { unreadable } from './unreadable.js';
import type { ResponseEnvelope } from './wire.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

export interface AnswerOptions {
  /** Tried before the defaults. */
  errMsgPatterns?: readonly ErrMsgPattern[];
  /** `infcode` values read as a refusal; default [-1, -2]. */
  refusalInfcodes?: readonly number[];
  /** The profile's reading of an encrypted `output` (an SM4 base64 string). */
  openOutput?: (output: unknown) => unknown;
}

/**
 * `output` as an object: some gateways send it as a JSON-encoded string even
 * unencrypted, SM4 profiles as an encrypted string (opened by the profile).
 */
function outputObject(raw: unknown, msgid: string, open: ((o: unknown) => unknown) | undefined): Record<string, unknown> {
  let output: unknown = raw ?? {};
  if (typeof output === 'string' && open) {
    try {
      output = open(output);
    } catch (cause) {
      throw unreadable('output does not decrypt', msgid, cause);
    }
  }
  if (typeof output === 'string') {
    try {
      output = output.trim() === '' ? {} : (JSON.parse(output) as unknown);
    } catch (cause) {
      throw unreadable('output is a string that is not JSON', msgid, cause);
    }
  }
  if (typeof output !== 'object' || output === null || Array.isArray(output)) throw unreadable('output is not an object', msgid);
  return output as Record<string, unknown>;
}

export const DEFAULT_REFUSAL_INFCODES: readonly number[] = [-1, -2];

/** `infcode` as an integer, from a number or a decimal string; undefined for anything else. */
export function infcodeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d{1,9}\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

/** The typed refusal of an answer whose infcode is a refusal. */
function refusal(envelope: ResponseEnvelope, msgid: string, patterns: readonly ErrMsgPattern[]): GatewayError {
  const errMsg = typeof envelope.err_msg === 'string' ? envelope.err_msg.slice(0, 500) : undefined;
  let errCode = typeof envelope.err_code === 'string' && envelope.err_code !== '' ? envelope.err_code : undefined;
  const out = envelope.output as Record<string, unknown> | undefined | null;
  let tries: unknown = envelope.tries_left ?? (typeof out === 'object' && out !== null ? out.tries_left : undefined);
  let classifiedBy: 'err_code' | 'err_msg' | undefined = errCode !== undefined ? 'err_code' : undefined;
  if (errCode === undefined && errMsg !== undefined) {
    const c = classifyErrMsg(errMsg, patterns);
    if (c) {
      errCode = c.code;
      classifiedBy = 'err_msg';
      if (tries === undefined && c.triesLeft !== undefined) tries = c.triesLeft;
    }
  }
  const triesLeft = typeof tries === 'number' && Number.isInteger(tries) ? tries : undefined;
  return new GatewayError(GatewayError.codeFor(errCode), {
    outcome: 'refused',
    msgid,
    httpStatus: 200,
    ...(errCode !== undefined ? { errCode } : {}),
    ...(errMsg !== undefined ? { errMsg } : {}),
    ...(triesLeft !== undefined ? { triesLeft } : {}),
    details: {
      msgid,
      infcode: infcodeOf(envelope.infcode),
      ...(errCode !== undefined ? { errCode } : {}),
      ...(classifiedBy !== undefined ? { classifiedBy } : {}),
      ...(triesLeft !== undefined ? { triesLeft } : {}),
    },
  });
}

/**
 * `output` of a successful answer. Throws the refusal of a refusal infcode
 * (`GATEWAY_<code>`, outcome `refused`), or `GATEWAY_UNKNOWN_OUTCOME`.
 */
export function readAnswer(
  bytes: Uint8Array,
  msgid: string,
  options: AnswerOptions = {},
): { output: Record<string, unknown>; envelope: ResponseEnvelope } {
  let envelope: ResponseEnvelope;
  try {
    const parsed: unknown = JSON.parse(decoder.decode(bytes));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    envelope = parsed as ResponseEnvelope;
  } catch (cause) {
    throw unreadable('not a JSON object', msgid, cause);
  }
  const infcode = infcodeOf(envelope.infcode);
  if (infcode === 0) return { output: outputObject(envelope.output, msgid, options.openOutput), envelope };
  if (infcode !== undefined && (options.refusalInfcodes ?? DEFAULT_REFUSAL_INFCODES).includes(infcode)) {
    const patterns = options.errMsgPatterns ? [...options.errMsgPatterns, ...DEFAULT_ERR_MSG_PATTERNS] : DEFAULT_ERR_MSG_PATTERNS;
    throw refusal(envelope, msgid, patterns);
  }
  throw unreadable(`infcode ${String(envelope.infcode).slice(0, 10)}`, msgid);
}
