/**
 * The request envelope as the simulator reads it (gateway.md "Request
 * envelope"), checked field by field, and the answer envelope it writes.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { RequestEnvelope as WireRequest, ResponseEnvelope } from '../gateway/wire.js';
import { bad, type SimRefusal } from './refusal.js';
import { cstStamp17 } from './rules/day.js';

export const INFNOS = ['9001', '9002', '1101', '1162', '1312', '2101', '2102', '2103', '2601', '3201', '3202', '3505', '3506', '5203', '9101', '9102'] as const;
export type SimInfno = (typeof INFNOS)[number];

/** The spec's request envelope (shared wire type), with the input as read JSON. */
export type RequestEnvelope = WireRequest<Record<string, unknown>> & { infno: SimInfno };

/** What the simulator answers: the shared response envelope with every field present. */
export interface AnswerEnvelope extends ResponseEnvelope<Record<string, unknown>> {
  infcode: 0 | -1;
  inf_refmsgid: string;
  refmsg_time: string;
  respond_time: string;
  err_msg: string;
  output: Record<string, unknown>;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the parsed JSON as an envelope, or throws BAD_REQUEST naming the field. */
export function readEnvelope(value: unknown): RequestEnvelope {
  if (!isObject(value)) throw bad('body is not a JSON object');
  const str = (k: string, pattern?: RegExp, optional = false): string => {
    const v = value[k];
    if (v === undefined && optional) return '';
    if (typeof v !== 'string' || (pattern && !pattern.test(v))) throw bad(`${k} missing or malformed`);
    return v;
  };
  const infno = str('infno');
  if (!(INFNOS as readonly string[]).includes(infno)) throw bad(`unknown infno ${infno.slice(0, 8)}`);
  const fixmedins = str('fixmedins_code', /^[A-Z0-9]{12}$/);
  const msgid = str('msgid', /^[A-Z0-9]{12}[0-9]{18}$/);
  if (!msgid.startsWith(fixmedins)) throw bad('msgid does not start with fixmedins_code');
  const opterType = value.opter_type;
  if (opterType !== undefined && String(opterType) !== '1' && String(opterType) !== '2') throw bad('opter_type');
  if (!isObject(value.input)) throw bad('input missing or not an object');
  return {
    infno: infno as SimInfno,
    msgid,
    mdtrtarea_admvs: str('mdtrtarea_admvs', /^[0-9]{6}$/),
    // 1101 looks the insured region up, so it may come blank (or as the pharmacy's).
    insuplc_admdvs: str('insuplc_admdvs', infno === '1101' ? /^([0-9]{6})?$/ : /^[0-9]{6}$/, infno === '9001' || infno === '9002' || infno === '3201' || infno === '3202' || infno === '9101' || infno === '9102' || infno === '1101' || infno === '1312'),
    recer_sys_code: str('recer_sys_code', undefined, true),
    dev_no: str('dev_no', /^.{1,64}$/),
    infver: str('infver', /^V1\.0$/),
    opter_type: opterType === undefined ? '1' : String(opterType),
    opter: str('opter', /^.{0,64}$/, true),
    opter_name: str('opter_name', /^.{0,64}$/, true),
    inf_time: str('inf_time', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    fixmedins_code: fixmedins,
    fixmedins_name: str('fixmedins_name', /^.{1,200}$/),
    sign_no: str('sign_no', /^.{0,64}$/, true),
    input: value.input,
  };
}

/** JSON with sorted keys, so the hash does not depend on key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * The idempotency hash of a message: everything but `sign_no` and `inf_time`,
 * which a client legitimately changes when it re-signs-in and resends the same msgid.
 */
export function bodyHash(env: RequestEnvelope): string {
  const { sign_no: _s, inf_time: _t, ...rest } = env;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

export function successAnswer(refmsgid: string, receivedAt: number, now: number, output: Record<string, unknown>): AnswerEnvelope {
  return { infcode: 0, inf_refmsgid: refmsgid, refmsg_time: cstStamp17(receivedAt), respond_time: cstStamp17(now), err_msg: '', output };
}

export function refusalAnswer(refmsgid: string, receivedAt: number, now: number, r: SimRefusal): AnswerEnvelope {
  return {
    infcode: -1,
    inf_refmsgid: refmsgid,
    refmsg_time: cstStamp17(receivedAt),
    respond_time: cstStamp17(now),
    err_msg: r.errMsg,
    err_code: r.errCode,
    // PIN_WRONG's tries_left goes both in output and at the top level, where clients look for it.
    ...(typeof r.output?.tries_left === 'number' ? { tries_left: r.output.tries_left } : {}),
    output: r.output ?? {},
  };
}
